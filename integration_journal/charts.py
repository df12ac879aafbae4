"""Server-rendered SVG charts, the same code for pages and PDFs.

A chart is built from plain data (dates and numbers) and returns both the SVG and the rows of a
table alternative, so every chart can be read without seeing it. Colours are presentation
attributes (the light palette, which WeasyPrint uses) that the stylesheet's `.chart` classes
override, so pages follow the light and dark themes.

Usage in a view:

    chart = line_chart(
        [Series("Progress", [(review.created, review.progress) for review in reviews])],
        y_min=0, y_max=10, title="Progress over time",
    )
    return render(request, "x.html", {"chart": chart})

and in the template: `{% include "_partials/chart.html" with chart=chart %}`.
"""

from __future__ import annotations

import datetime as dt
import html as html_text
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


@dataclass
class Chart:
    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]]
    summary: str = ""
    markers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def table_body(self) -> SafeString:
        """The table alternative's rows as HTML: the date as each row's header, an empty cell
        as a dash. Built here rather than by a template loop per cell: a 90-day chart has a few
        hundred cells, and a therapist's patient page shows three charts."""
        rows = []
        for first, *rest in self.rows:
            cells = "".join(
                f"<td>{html_text.escape(str(cell)) if cell else '–'}</td>" for cell in rest
            )
            rows.append(f'<tr><th scope="row">{html_text.escape(str(first))}</th>{cells}</tr>')
        return mark_safe("\n".join(rows))  # noqa: S308 - every value is escaped above


def _as_datetime(value: When) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time(12)))


def _label(value: When) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(_as_datetime(value)).date()
    return formats.date_format(value, "M j, Y")


def _fmt(value: float) -> str:
    return f"{value:g}"


def line_chart(
    series: Sequence[Series],
    *,
    y_min: float,
    y_max: float,
    title: str,
    y_label: str = "",
    bands: Sequence[Band] = (),
    markers: Sequence[Marker] = (),
    y_step: float | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart:
    """A time-based line chart with optional background bands and vertical markers."""
    all_points = [(_as_datetime(x), float(y)) for s in series for x, y in s.points]
    columns = ["Date", *[s.name for s in series]]
    if not all_points:
        return Chart(title=title, svg=mark_safe(""), columns=columns, rows=[])  # noqa: S308

    marker_times = [_as_datetime(m.at) for m in markers]
    times = [t for t, _ in all_points]
    start, end = min(times), max(times)
    if marker_times:
        # Only markers inside the data's range are drawn; others would squash the chart.
        marker_times = [t for t in marker_times if start <= t <= end]
    span = (end - start).total_seconds() or 1.0
    plot_w = width - PAD_LEFT - PAD_RIGHT
    plot_h = height - PAD_TOP - PAD_BOTTOM

    def x_pos(moment: dt.datetime) -> float:
        if end == start:
            return PAD_LEFT + plot_w / 2
        return PAD_LEFT + plot_w * (moment - start).total_seconds() / span

    def y_pos(value: float) -> float:
        value = min(max(value, y_min), y_max)
        return PAD_TOP + plot_h * (1 - (value - y_min) / ((y_max - y_min) or 1))

    parts: list[str] = []
    for band in bands:
        top, bottom = y_pos(band.y_to), y_pos(band.y_from)
        parts.append(
            f'<rect class="band {escape(band.css_class)}" x="{PAD_LEFT}" y="{top:.1f}" '
            f'width="{plot_w}" height="{bottom - top:.1f}" fill="{escape(band.colour)}">'
            f"<title>{escape(band.label)}: "
            f"{escape(band.range_label or f'{_fmt(band.y_from)}–{_fmt(band.y_to)}')}</title></rect>"
        )
        parts.append(
            f'<text class="band-label" x="{width - PAD_RIGHT - 4}" y="{top + 12:.1f}" '
            f'text-anchor="end" font-size="10" fill="{TEXT_COLOUR}">{escape(band.label)}</text>'
        )

    step = y_step or _nice_step(y_max - y_min)
    tick = y_min
    while tick <= y_max + 1e-9:
        y = y_pos(tick)
        parts.append(
            f'<line class="grid" x1="{PAD_LEFT}" x2="{width - PAD_RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{TEXT_COLOUR}">{_fmt(tick)}</text>'
        )
        tick += step

    for moment in marker_times:
        x = x_pos(moment)
        parts.append(
            f'<line class="marker" x1="{x:.1f}" x2="{x:.1f}" y1="{PAD_TOP}" '
            f'y2="{PAD_TOP + plot_h}" stroke="{MARKER_COLOUR}" stroke-dasharray="4 4"/>'
        )

    x_ticks = [start, end] if end != start else [start]
    for moment in x_ticks:
        anchor = "start" if moment == start and end != start else "end"
        if end == start:
            anchor = "middle"
        parts.append(
            f'<text x="{x_pos(moment):.1f}" y="{height - 10}" text-anchor="{anchor}" '
            f'font-size="12" fill="{TEXT_COLOUR}">{escape(_label(moment))}</text>'
        )

    for index, s in enumerate(series):
        colour = LIGHT_COLOURS[index % len(LIGHT_COLOURS)]
        points = sorted((_as_datetime(x), float(y)) for x, y in s.points)
        if not points:
            continue
        coords = " ".join(f"{x_pos(t):.1f},{y_pos(v):.1f}" for t, v in points)
        css = "line" if index == 0 else f"line line--{index + 1}"
        if len(points) > 1:
            parts.append(
                f'<polyline class="{css}" points="{coords}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
            )
        for t, v in points:
            parts.append(
                f'<circle class="point point--{index + 1}" cx="{x_pos(t):.1f}" '
                f'cy="{y_pos(v):.1f}" r="4" fill="{colour}">'
                f"<title>{escape(s.name)}, {escape(_label(t))}: {_fmt(v)}</title></circle>"
            )

    desc = f"{title}. " + "; ".join(f"{s.name}: {len(s.points)} values" for s in series if s.points)
    svg = (
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{{id}}-title {{id}}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
        f'<title id="{{id}}-title">{escape(title)}</title>'
        f'<desc id="{{id}}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )
    svg = svg.replace("{id}", f"chart-{uuid.uuid4().hex[:10]}")

    # Table alternative: one row per moment, one column per series.
    by_moment: dict[dt.datetime, list[str]] = {}
    for index, s in enumerate(series):
        for x, y in s.points:
            by_moment.setdefault(_as_datetime(x), [""] * len(series))[index] = _fmt(float(y))
    labels = [_label(moment) for moment in sorted(by_moment)]
    rows = [
        [
            label if labels.count(label) == 1 else f"{label}, {timezone.localtime(moment):%H:%M}",
            *by_moment[moment],
        ]
        for label, moment in zip(labels, sorted(by_moment), strict=True)
    ]
    return Chart(
        title=title,
        svg=mark_safe(svg),  # noqa: S308 - every text value above is escaped
        columns=columns,
        rows=rows,
        summary=y_label,
        markers=[(_label(m.at), m.label) for m in markers],
    )


def _nice_step(span: float) -> float:
    for step in (1, 2, 5, 10, 20, 50, 100):
        if span / step <= 6:
            return float(step)
    return span / 5
