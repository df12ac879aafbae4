"""Server-rendered SVG charts, the same code for pages and PDFs.

This module draws; it knows nothing of what is drawn. Each kind of chart has one function in the
app that owns its meaning (`measures.charts.questionnaire_chart`, `practices.charts.mood_chart`,
`intentions.charts.progress_chart`), and every page and report that shows that kind calls it, so
a patient, their therapist and the PDF see the same chart of the same data.

A chart is built from plain data (dates and numbers) and returns both the SVG and the rows of a
table alternative, so every chart can be read without seeing it. Colours are presentation
attributes (the light palette, which WeasyPrint uses) that the stylesheet's `.chart` classes
override, so pages follow the light and dark themes.

Labels inside the plot (band names, threshold lines) are placed where they cover no point, no
line and no other label, at the size a phone shows them; one that fits nowhere is left out, as
the band's and line's own titles and the table alternative still name it.

In a template: `{% include "_partials/chart.html" with chart=chart %}`.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext, override, pgettext

WIDTH = 640
HEIGHT = 260
PAD_LEFT = 40
PAD_RIGHT = 16
PAD_TOP = 16
PAD_BOTTOM = 36
LIGHT_COLOURS = ["#2f5f57", "#b3541e", "#6a5a9b"]
TEXT_COLOUR = "#55625e"
GRID_COLOUR = "#d4cbbd"
MARKER_COLOUR = "#6a5a9b"
THRESHOLD_COLOUR = "#8a4b12"
# Text size in chart units. A chart drawn narrower than its 640 units (on a phone, about half)
# has its text raised in steps up to LABEL_FONT (`.chart-figure` in static/css/app.css, a size
# container: 12 px or more as drawn). Labels inside the plot are placed for that largest size,
# so they overlap nothing at any step.
FONT = 12
LABEL_FONT = 24
LABEL_GAP = LABEL_FONT + 4  # the least distance between two labels' baselines
NARROW_CHARS = frozenset("fijlrtI.,:;()'| ")
WIDE_CHARS = frozenset("mwMW")


def _char_width(char: str) -> float:
    if char in NARROW_CHARS:
        return 0.3
    if char in WIDE_CHARS:
        return 0.85
    return 0.66 if char.isupper() or char.isdigit() else 0.58


def text_width(text: str) -> float:
    """A generous estimate of a text's width in ems (the sans-serif of the pages and PDFs
    measures 0.43 to 0.6 em a character on average)."""
    return sum(_char_width(char) for char in text)


When = dt.date | dt.datetime


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[When, float]]


@dataclass(frozen=True)
class Band:
    """A horizontal background band, e.g. a PHQ-9 severity range."""

    y_from: float
    y_to: float
    label: str
    css_class: str = ""  # e.g. "band-1" … "band-5"
    colour: str = "#e3efe6"
    range_label: str = ""  # how the range reads, when not y_from–y_to (e.g. "5–9")


@dataclass(frozen=True)
class Marker:
    """A vertical line at a moment, e.g. a treatment session."""

    at: When
    label: str


@dataclass(frozen=True)
class Threshold:
    """A horizontal reference line with its label, e.g. a provisional cut-off."""

    value: float
    label: str


@dataclass(frozen=True)
class Label:
    """A text inside the plot at its baseline (y), anchored at x by its start or end."""

    text: str
    css_class: str
    colour: str
    x: float
    y: float
    anchor: str

    def box(self) -> tuple[float, float, float, float]:
        """Left, top, right and bottom at LABEL_FONT, the largest size it is shown at."""
        width = text_width(self.text) * LABEL_FONT
        left = self.x if self.anchor == "start" else self.x - width
        return left, self.y - 0.8 * LABEL_FONT, left + width, self.y + 0.2 * LABEL_FONT


@dataclass
class Chart:
    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]]
    summary: str = ""
    markers: list[tuple[str, str]] = field(default_factory=list)
    thresholds: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def table(self) -> list[tuple[str, list[str]]]:
        """The table alternative's rows as the template writes them: (the row's date, its
        cells), a series without a value that day written "–"."""
        return [(row[0], [cell or "–" for cell in row[1:]]) for row in self.rows]


def session_markers(sessions: Iterable) -> list[Marker]:
    """A marker per treatment session (anything with a `date` and a `number`)."""
    return [
        Marker(session.date, gettext("Session %(number)s") % {"number": session.number})
        for session in sessions
    ]


def _as_datetime(value: When, zone: dt.tzinfo | None = None) -> dt.datetime:
    """A moment as an aware datetime (a date at its noon), in `zone` (the current time zone
    when None) if it has none."""
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, zone)
    return timezone.make_aware(dt.datetime.combine(value, dt.time(12)), zone)


def _label(value: When) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(_as_datetime(value)).date()
    return _day_label(value, get_language())


@functools.lru_cache(maxsize=4096)
def _day_label(day: dt.date, language: str | None) -> str:
    """A day as the `day` filters write it, in `language` ("Mar 4, 2026", "4 mar 2026").

    A page's charts label every point, and they show the same recent days request after
    request, so each day is formatted once per language (translating the format and the
    month's name is most of a chart's time otherwise)."""
    with override(language):
        return formats.date_format(day, pgettext("chart date format", "M j, Y"))


class _Moments:
    """The moments of a chart's points as aware datetimes (`at`) and their dates as the chart
    writes them (`label`), each worked out once for the chart's several parts that use it."""

    def __init__(self, series: Sequence[Series]):
        zone = timezone.get_current_timezone()
        language = get_language()
        self.at = {x: _as_datetime(x, zone) for s in series for x, _ in s.points}
        self.label = {
            moment: _day_label(timezone.localtime(moment, zone).date(), language)
            for moment in set(self.at.values())
        }

    def points(self, s: Series) -> list[tuple[dt.datetime, float]]:
        """A series' points as (moment, value), in time order."""
        return sorted((self.at[x], float(y)) for x, y in s.points)


def _fmt(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class _Scale:
    """Maps moments and values to SVG coordinates inside the padding."""

    start: dt.datetime
    end: dt.datetime
    y_min: float
    y_max: float
    width: int
    height: int

    @property
    def plot_w(self) -> int:
        return self.width - PAD_LEFT - PAD_RIGHT

    @property
    def plot_h(self) -> int:
        return self.height - PAD_TOP - PAD_BOTTOM

    @property
    def single_moment(self) -> bool:
        return self.end == self.start

    def x(self, moment: dt.datetime) -> float:
        if self.single_moment:
            return PAD_LEFT + self.plot_w / 2
        span = (self.end - self.start).total_seconds()
        return PAD_LEFT + self.plot_w * (moment - self.start).total_seconds() / span

    def y(self, value: float) -> float:
        value = min(max(value, self.y_min), self.y_max)
        share = (value - self.y_min) / ((self.y_max - self.y_min) or 1)
        return PAD_TOP + self.plot_h * (1 - share)


def _bands(bands: Sequence[Band], scale: _Scale) -> list[str]:
    parts = []
    for band in bands:
        top, bottom = scale.y(band.y_to), scale.y(band.y_from)
        range_label = band.range_label or f"{_fmt(band.y_from)}–{_fmt(band.y_to)}"
        parts.append(
            f'<rect class="band {escape(band.css_class)}" x="{PAD_LEFT}" y="{top:.1f}" '
            f'width="{scale.plot_w}" height="{bottom - top:.1f}" fill="{escape(band.colour)}">'
            f"<title>{escape(band.label)}: {escape(range_label)}</title></rect>"
        )
    return parts


def _band_label_candidates(band: Band, scale: _Scale) -> list[Label]:
    """Where a band's name may go, best first: its middle, upper and lower part, at the right
    edge and then the left."""
    top, bottom = scale.y(band.y_to), scale.y(band.y_from)
    middle = (top + bottom) / 2 + 0.3 * LABEL_FONT
    rows = [middle, top + 0.9 * LABEL_FONT, bottom - 0.3 * LABEL_FONT]
    rows = [row for row in rows if top < row < bottom]
    return [
        Label(band.label, "band-label", TEXT_COLOUR, x, row, anchor)
        for x, anchor in _label_sides(scale)
        for row in rows
    ]


def _threshold_label_candidates(threshold: Threshold, scale: _Scale) -> list[Label]:
    """Above the line, then below it; at the left end, then the right."""
    y = scale.y(threshold.value)
    rows = [y - 5, y + 4 + 0.8 * LABEL_FONT]
    return [
        Label(threshold.label, "threshold-label", THRESHOLD_COLOUR, x, row, anchor)
        for row in rows
        for x, anchor in reversed(_label_sides(scale))
    ]


def _label_sides(scale: _Scale) -> list[tuple[float, str]]:
    return [(scale.width - PAD_RIGHT - 4, "end"), (PAD_LEFT + 4, "start")]


def _obstacles(
    series: Sequence[Series], thresholds: Sequence[Threshold], scale: _Scale, moments: _Moments
) -> list[tuple[float, float, float]]:
    """What a label must not cover, as (x, y, margin): every point, the lines between them
    (sampled every few units) and the threshold lines."""
    found = []
    for s in series:
        points = [(scale.x(t), scale.y(v)) for t, v in moments.points(s)]
        found.extend((x, y, 6.0) for x, y in points)
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            steps = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) // 3))
            found.extend(
                (x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps, 2.5)
                for i in range(steps + 1)
            )
    for threshold in thresholds:
        y = scale.y(threshold.value)
        found.extend((x, y, 1.5) for x in range(PAD_LEFT, scale.width - PAD_RIGHT + 1, 6))
    return found


def _place_labels(
    requests: Sequence[Sequence[Label]],
    obstacles: Sequence[tuple[float, float, float]],
    scale: _Scale,
) -> list[Label]:
    """Each label takes its first candidate place that stays inside the plot, covers no point,
    line or threshold, and is at least LABEL_GAP from every label already placed (baselines,
    whatever their sides, so labels never share a row). A label with no such place is left
    out: the band's or line's own title and the table alternative still name it."""
    placed: list[Label] = []
    for candidates in requests:
        for label in candidates:
            left, top, right, bottom = label.box()
            if left < PAD_LEFT or right > scale.width - PAD_RIGHT:
                continue
            if top < 0 or bottom > PAD_TOP + scale.plot_h:
                continue
            if any(
                left - m <= x <= right + m and top - m <= y <= bottom + m for x, y, m in obstacles
            ):
                continue
            if any(abs(label.y - other.y) < LABEL_GAP for other in placed):
                continue
            placed.append(label)
            break
    return placed


def _labels(
    series: Sequence[Series],
    bands: Sequence[Band],
    thresholds: Sequence[Threshold],
    scale: _Scale,
    moments: _Moments,
) -> list[Label]:
    requests = [_threshold_label_candidates(t, scale) for t in thresholds]
    requests += [_band_label_candidates(band, scale) for band in reversed(bands)]
    if not requests:
        return []
    return _place_labels(requests, _obstacles(series, thresholds, scale, moments), scale)


def _label_parts(labels: Sequence[Label]) -> list[str]:
    return [
        f'<text class="{label.css_class}" x="{label.x:.1f}" y="{label.y:.1f}" '
        f'text-anchor="{label.anchor}" font-size="{FONT}" fill="{label.colour}">'
        f"{escape(label.text)}</text>"
        for label in labels
    ]


def _thresholds(thresholds: Sequence[Threshold], scale: _Scale) -> list[str]:
    """A solid line across the plot (its label is placed with the others, `_labels`)."""
    parts = []
    for threshold in thresholds:
        y = scale.y(threshold.value)
        parts.append(
            f'<line class="threshold" x1="{PAD_LEFT}" x2="{scale.width - PAD_RIGHT}" '
            f'y1="{y:.1f}" y2="{y:.1f}" stroke="{THRESHOLD_COLOUR}" stroke-width="1.5">'
            f"<title>{escape(threshold.label)}</title></line>"
        )
    return parts


def _y_axis(scale: _Scale, step: float) -> list[str]:
    """A grid line and a label per tick, from y_min to y_max."""
    parts = []
    tick = scale.y_min
    while tick <= scale.y_max + 1e-9:
        y = scale.y(tick)
        parts.append(
            f'<line class="grid" x1="{PAD_LEFT}" x2="{scale.width - PAD_RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="{FONT}" '
            f'fill="{TEXT_COLOUR}">{_fmt(tick)}</text>'
        )
        tick += step
    return parts


def _x_axis(scale: _Scale) -> list[str]:
    """The first and last date under the plot (one, centred, when there is one moment)."""
    if scale.single_moment:
        ticks = [(scale.start, "middle")]
    else:
        ticks = [(scale.start, "start"), (scale.end, "end")]
    return [
        f'<text x="{scale.x(moment):.1f}" y="{scale.height - 10}" text-anchor="{anchor}" '
        f'font-size="{FONT}" fill="{TEXT_COLOUR}">{escape(_label(moment))}</text>'
        for moment, anchor in ticks
    ]


def _markers(markers: Sequence[Marker], scale: _Scale) -> list[str]:
    """Dashed vertical lines; only markers inside the data's range are drawn, others would
    squash the chart."""
    moments = [_as_datetime(marker.at) for marker in markers]
    return [
        f'<line class="marker" x1="{scale.x(moment):.1f}" x2="{scale.x(moment):.1f}" '
        f'y1="{PAD_TOP}" y2="{PAD_TOP + scale.plot_h}" stroke="{MARKER_COLOUR}" '
        f'stroke-dasharray="4 4"/>'
        for moment in moments
        if scale.start <= moment <= scale.end
    ]


def _series(series: Sequence[Series], scale: _Scale, moments: _Moments) -> list[str]:
    """A line (when there are two points or more) and a titled point per value."""
    parts = []
    for index, s in enumerate(series):
        colour = LIGHT_COLOURS[index % len(LIGHT_COLOURS)]
        points = moments.points(s)
        name = escape(s.name)
        css = "line" if index == 0 else f"line line--{index + 1}"
        if len(points) > 1:
            coords = " ".join(f"{scale.x(t):.1f},{scale.y(v):.1f}" for t, v in points)
            parts.append(
                f'<polyline class="{css}" points="{coords}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
            )
        parts.extend(
            f'<circle class="point point--{index + 1}" cx="{scale.x(t):.1f}" '
            f'cy="{scale.y(v):.1f}" r="4" fill="{colour}">'
            f"<title>{name}, {escape(moments.label[t])}: {_fmt(v)}</title></circle>"
            for t, v in points
        )
    return parts


def _svg(title: str, series: Sequence[Series], parts: list[str], scale: _Scale) -> SafeString:
    """The drawing wrapped in an <svg> labelled by its title and a description; the id is
    unique per chart because a page may show several."""
    chart_id = f"chart-{uuid.uuid4().hex[:10]}"
    counts = [(s.name, len(s.points)) for s in series if s.points]
    desc = f"{title}. " + "; ".join(
        f"{name}: " + ngettext("%(n)s value", "%(n)s values", n) % {"n": n} for name, n in counts
    )
    svg = (
        f'<svg class="chart" viewBox="0 0 {scale.width} {scale.height}" width="{scale.width}" '
        f'height="{scale.height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text value above is escaped


def _table_rows(series: Sequence[Series], moments: _Moments) -> list[list[str]]:
    """The table alternative: a row per moment (its date, with the time when two share a date)
    and a column per series, empty where a series has no value."""
    by_moment: dict[dt.datetime, list[str]] = {}
    for index, s in enumerate(series):
        for x, y in s.points:
            by_moment.setdefault(moments.at[x], [""] * len(series))[index] = _fmt(float(y))
    times = sorted(by_moment)
    labels = [moments.label[moment] for moment in times]
    shared = {label for label, n in Counter(labels).items() if n > 1}
    return [
        [
            f"{label}, {timezone.localtime(moment):%H:%M}" if label in shared else label,
            *by_moment[moment],
        ]
        for label, moment in zip(labels, times, strict=True)
    ]


def line_chart(
    series: Sequence[Series],
    *,
    y_min: float,
    y_max: float,
    title: str,
    y_label: str = "",
    bands: Sequence[Band] = (),
    markers: Sequence[Marker] = (),
    thresholds: Sequence[Threshold] = (),
    y_step: float | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart:
    """A time-based line chart with optional background bands, horizontal threshold lines and
    vertical markers."""
    columns = [gettext("Date"), *[s.name for s in series]]
    moments = _Moments(series)
    if not moments.at:
        return Chart(title=title, svg=mark_safe(""), columns=columns, rows=[])  # noqa: S308
    times = moments.at.values()
    scale = _Scale(min(times), max(times), y_min, y_max, width, height)
    parts = [
        *_bands(bands, scale),
        *_y_axis(scale, y_step or _nice_step(y_max - y_min)),
        *_markers(markers, scale),
        *_thresholds(thresholds, scale),
        *_x_axis(scale),
        *_series(series, scale, moments),
        *_label_parts(_labels(series, bands, thresholds, scale, moments)),
    ]
    return Chart(
        title=title,
        svg=_svg(title, series, parts, scale),
        columns=columns,
        rows=_table_rows(series, moments),
        summary=y_label,
        markers=[(_label(marker.at), marker.label) for marker in markers],
        thresholds=[threshold.label for threshold in thresholds],
    )


def _nice_step(span: float) -> float:
    for step in (1, 2, 5, 10, 20, 50, 100):
        if span / step <= 6:
            return float(step)
    return span / 5
