"""The questionnaire chart: one function for the patient's history page, the therapist's view
of a patient and the progress report, so all three draw the same answers the same way."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext

from integration_journal.charts import (
    Band,
    Chart,
    Series,
    Threshold,
    line_chart,
    session_markers,
)
from measures.instruments import Instrument

# History charts (the patient's and the care team's) cover this many days unless the person asks
# for every result: years of fortnightly answers make a chart nobody can read.
HISTORY_WINDOW_DAYS = 365
BAND_CLASSES = ("band-1", "band-2", "band-3", "band-4", "band-5")
BAND_COLOURS = ("#e3efe6", "#eef2dc", "#f8ecd2", "#f6dfcf", "#f3d3cf")


def severity_bands(spec: Instrument) -> list[Band]:
    """The instrument's severity ranges as background bands. Totals are whole numbers: each
    band is drawn to the half point between its range and the next (Mild 5–9 covers 4.5 to
    9.5), so a total sits inside its band, never on an edge."""
    return [
        Band(
            max(band.low - 0.5, 0),
            min(band.high + 0.5, spec.max_total),
            gettext(band.label),
            BAND_CLASSES[index],
            BAND_COLOURS[index],
            range_label=f"{band.low}–{band.high}",
        )
        for index, band in enumerate(spec.bands)
    ]


def questionnaire_chart(spec: Instrument, responses: Sequence, *, sessions: Iterable = ()) -> Chart:
    """One instrument's scores over time on its full scale (PHQ-9 0–27, GAD-7 0–21, PCL-5
    0–80, the PEG's mean 0–10), with its severity bands or its provisional threshold line,
    and a marker per treatment session. `responses` are one instrument's."""
    top = spec.max_score
    thresholds = (
        [Threshold(spec.threshold.value, str(spec.threshold.label))] if spec.threshold else []
    )
    return line_chart(
        [
            Series(
                (
                    gettext("{name} score") if spec.scoring == "mean" else gettext("{name} total")
                ).format(name=spec.short_name),
                [(r.created, r.score) for r in responses],
            )
        ],
        y_min=0,
        y_max=top,
        y_step=3 if top == 21 else 2 if top == 10 else 20 if top > 27 else 5,
        title=(
            gettext("{name} scores over time")
            if spec.scoring == "mean"
            else gettext("{name} totals over time")
        ).format(name=spec.short_name),
        bands=severity_bands(spec),
        thresholds=thresholds,
        markers=session_markers(sessions),
    )
