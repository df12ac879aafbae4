"""Theme patterns, computed by the database from any set of entries.

Every function takes an Entry queryset, so the same code serves the patient's own theme view,
a therapist's view over only what was shared with them, and the progress report for a date range.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet

from journal.models import Entry, Theme, TreatmentSession

Through = Entry.themes.through


@dataclass(frozen=True)
class ThemeStat:
    id: object
    name: str
    slug: str
    colour: str
    count: int
    first_seen: dt.datetime
    last_seen: dt.datetime


@dataclass
class Grid:
    """themes × sessions; `between` is the column of entries not tied to a session."""

    themes: list[ThemeStat]
    sessions: list[TreatmentSession]
    rows: list[tuple[ThemeStat, list[int], int]] = field(default_factory=list)
    max_count: int = 0


@dataclass(frozen=True)
class Pair:
    a: str
    a_slug: str
    b: str
    b_slug: str
    count: int


def _links(entries: QuerySet) -> QuerySet:
    return Through.objects.filter(entry__in=entries.order_by().values("pk"))


def theme_summary(entries: QuerySet, *, limit: int | None = None) -> list[ThemeStat]:
    """Each theme used in `entries`: entry count, first and last seen; most frequent first."""
    rows = (
        _links(entries)
        .values("theme_id", "theme__name", "theme__slug", "theme__colour")
        .annotate(
            count=Count("entry_id", distinct=True),
            first=Min("entry__created"),
            last=Max("entry__created"),
        )  # fmt: skip
        .order_by("-count", "theme__name")
    )
    if limit:
        rows = rows[:limit]
    return [
        ThemeStat(
            r["theme_id"],
            r["theme__name"],
            r["theme__slug"],
            r["theme__colour"],
            r["count"],
            r["first"],
            r["last"],
        )  # fmt: skip
        for r in rows
    ]


def recurrence_grid(entries: QuerySet, *, max_themes: int = 12) -> Grid:
    """How often each of the top themes appears around each session (one query for cells)."""
    themes = theme_summary(entries, limit=max_themes)
    session_ids = entries.order_by().filter(session__isnull=False).values("session_id")
    sessions = list(TreatmentSession.objects.filter(pk__in=session_ids).order_by("date", "number"))
    cells = (
        _links(entries)
        .filter(theme_id__in=[t.id for t in themes])
        .values("theme_id", "entry__session_id")
        .annotate(count=Count("entry_id", distinct=True))
    )
    counts = {(c["theme_id"], c["entry__session_id"]): c["count"] for c in cells}
    grid = Grid(themes=themes, sessions=sessions)
    for theme in themes:
        row = [counts.get((theme.id, s.pk), 0) for s in sessions]
        between = counts.get((theme.id, None), 0)
        grid.rows.append((theme, row, between))
        grid.max_count = max([grid.max_count, between, *row])
    return grid


def co_occurrence(entries: QuerySet, *, limit: int = 15, theme: Theme | None = None) -> list[Pair]:
    """Pairs of themes that appear on the same entries, most frequent first (one query)."""
    links = _links(entries)
    pairs = Through.objects.filter(
        entry_id__in=links.values("entry_id"),
        entry__themes__isnull=False,
    ).annotate(other_id=F("entry__themes__id"), other_name=F("entry__themes__name"),
               other_slug=F("entry__themes__slug"))  # fmt: skip
    pairs = (
        pairs.filter(theme__name__lt=F("other_name"))
        if theme is None
        else pairs.filter(Q(theme=theme) & ~Q(other_id=theme.pk))
    )
    rows = (
        pairs.values("theme__name", "theme__slug", "other_name", "other_slug")
        .annotate(count=Count("entry_id", distinct=True))
        .order_by("-count", "theme__name", "other_name")[:limit]
    )
    return [
        Pair(r["theme__name"], r["theme__slug"], r["other_name"], r["other_slug"], r["count"])
        for r in rows
    ]


def theme_entries(entries: QuerySet, theme: Theme) -> QuerySet:
    return (
        entries.filter(themes=theme)
        .select_related("session")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by("created")
    )


def heat_level(count: int, max_count: int) -> int:
    """0–4, for shading a grid cell."""
    if not count or not max_count:
        return 0
    return max(1, min(4, round(4 * count / max_count)))


STARTERS = [
    "self-compassion", "grief", "connection", "body", "fear", "hope", "family", "work",
    "sleep", "nature", "creativity", "meaning", "anger", "forgiveness", "childhood", "purpose",
]  # fmt: skip
