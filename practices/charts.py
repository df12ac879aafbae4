"""The check-in charts: one function per kind, for the practices page, the therapist's view of
a patient and the progress report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext

from integration_journal.charts import Chart, Series, When, line_chart, session_markers


def mood_chart(
    moods: Sequence[tuple[When, float]], *, title: str, sessions: Iterable = ()
) -> Chart:
    """Daily mood (0–10) with a marker per treatment session."""
    return line_chart(
        [Series(gettext("Mood"), moods)],
        y_min=0,
        y_max=10,
        y_step=2,
        title=title,
        markers=session_markers(sessions),
    )


def sleep_chart(
    hours: Sequence[tuple[When, float]], *, title: str, sessions: Iterable = ()
) -> Chart:
    """Hours slept a night (0–12) with a marker per treatment session."""
    return line_chart(
        [Series(gettext("Sleep (hours)"), hours)],
        y_min=0,
        y_max=12,
        y_step=2,
        title=title,
        markers=session_markers(sessions),
    )
