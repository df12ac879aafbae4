"""Theme patterns, computed by the database from any set of entries, or read from the counts it
keeps for a person's whole journal.

The functions that take an Entry queryset never loop over entries in Python, so the same code
serves a therapist's view over only what was shared with them (`care.access.visible_entries(...)`)
and a report over a date range (`entries.filter(happened_at__range=...)`); trash and ownership are
the caller's queryset's business. A person's own theme pages read `ThemeCount` and `ThemePairCount`
instead (`owner_summary`, `owner_stat`, `owner_pairs`): triggers keep them equal to what
`theme_summary`, `theme_stat` and `co_occurrence` compute from `Entry.objects.for_owner(person)`
(migration journal 0006; `rebuild_counts()` refills them from the entries). A therapist's view of
what a patient shared reads the Shared* counts the same way (`shared_summary`, `shared_pairs`,
`shared_grid`; migration journal 0011), once `care.access` has said the shares may be seen.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection, models, transaction
from django.db.models import Case, Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from journal.count_fill import BETWEEN_FILL, FILL, SHARED_FILL
from journal.models import (
    Entry,
    SharedEntryCount,
    SharedSessionCount,
    SharedThemeCount,
    SharedThemePairCount,
    Theme,
    ThemeCount,
    ThemePairCount,
    TreatmentSession,
)

Through = Entry.themes.through
GRID_SESSIONS = 12  # sessions per page of the theme × session grid on screen
LIST_THEMES = 30  # themes in a theme table on screen before "Show all"

# Gentle suggestions offered once, on first use. Never added unless the person ticks them.
STARTERS: tuple[str, ...] = (
    pgettext_lazy("a suggested theme", "self-compassion"),
    pgettext_lazy("a suggested theme", "grief"),
    pgettext_lazy("a suggested theme", "connection"),
    pgettext_lazy("a suggested theme", "body"),
    pgettext_lazy("a suggested theme", "fear"),
    pgettext_lazy("a suggested theme", "hope"),
    pgettext_lazy("a suggested theme", "family"),
    pgettext_lazy("a suggested theme", "work"),
    pgettext_lazy("a suggested theme", "sleep"),
    pgettext_lazy("a suggested theme", "nature"),
    pgettext_lazy("a suggested theme", "creativity"),
    pgettext_lazy("a suggested theme", "meaning"),
    pgettext_lazy("a suggested theme", "anger"),
    pgettext_lazy("a suggested theme", "forgiveness"),
    pgettext_lazy("a suggested theme", "childhood"),
    pgettext_lazy("a suggested theme", "purpose"),
    pgettext_lazy("a suggested theme", "letting go"),
    pgettext_lazy("a suggested theme", "joy"),
)


class ThemeColour(models.TextChoices):
    """A small palette of named colours; each is a CSS class with AA contrast in light and dark."""

    SAGE = "sage", _("Sage")
    SKY = "sky", _("Sky")
    SAND = "sand", _("Sand")
    ROSE = "rose", _("Rose")
    LAVENDER = "lavender", _("Lavender")
    CLAY = "clay", _("Clay")
    MOSS = "moss", _("Moss")
    SLATE = "slate", _("Slate")


def colour_class(colour: str) -> str:
    """The CSS class for a stored colour name; empty for no colour or an unknown one."""
    return f"theme-colour--{colour}" if colour in ThemeColour.values else ""


@dataclass(frozen=True)
class ThemeRef:
    id: uuid.UUID
    name: str
    slug: str
    colour: str

    @property
    def colour_class(self) -> str:
        return colour_class(self.colour)


@dataclass(frozen=True)
class ThemeStat(ThemeRef):
    count: int
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None


@dataclass(frozen=True)
class GridCell:
    count: int
    level: int  # 0–4, for shading (`.heat-0` … `.heat-4`)


@dataclass(frozen=True)
class GridRow:
    theme: ThemeStat
    cells: list[GridCell]  # one per session, in `Grid.sessions` order
    between: GridCell  # entries tied to no session


@dataclass(frozen=True)
class Grid:
    """Themes × sessions: how many entries around each session carry each theme."""

    sessions: list[TreatmentSession]  # the sessions shown, oldest first
    rows: list[GridRow]
    max_count: int
    total_themes: int  # themes in use overall; rows show at most `max_themes` of them
    # With a window of sessions (`recurrence_grid(..., sessions_shown=N)`): its page of
    # sessions, newest page first; None when every session is shown.
    page: Page | None = None

    @property
    def is_truncated(self) -> bool:
        return self.total_themes > len(self.rows)


@dataclass(frozen=True)
class Pair:
    a: ThemeRef
    b: ThemeRef
    count: int  # entries carrying both


def _links(entries: QuerySet) -> QuerySet:
    """Rows of the entry–theme table for these entries (a subquery, evaluated in the database).
    Each (entry, theme) is one row, whatever joins `entries` has, so counting rows counts
    entries: no DISTINCT, which would sort them all instead of hashing."""
    return Through.objects.filter(entry__in=entries.order_by().values("pk"))


def theme_summary(entries: QuerySet, *, limit: int | None = None) -> list[ThemeStat]:
    """Each theme used in `entries`: entry count, first and last seen; most frequent first.

    Grouped from the entries' side (entries → their themes), so the database walks the
    caller's entries once by its own index; the count is distinct so that a caller's join can
    never count an entry twice."""
    rows = (
        entries.filter(themes__isnull=False)
        .values("themes__id", "themes__name", "themes__slug", "themes__colour")
        .annotate(
            count=Count("pk", distinct=True), first=Min("happened_at"), last=Max("happened_at")
        )
        .order_by("-count", "themes__name", "themes__id")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        ThemeStat(
            id=r["themes__id"],
            name=r["themes__name"],
            slug=r["themes__slug"],
            colour=r["themes__colour"],
            count=r["count"],
            first_seen=r["first"],
            last_seen=r["last"],
        )
        for r in rows
    ]


def theme_stat(entries: QuerySet, theme: Theme) -> ThemeStat:
    """One theme's count and first/last seen among `entries` (one query)."""
    found = (
        entries.order_by()
        .filter(themes=theme)
        .aggregate(
            count=Count("pk", distinct=True), first=Min("happened_at"), last=Max("happened_at")
        )
    )
    return ThemeStat(
        id=theme.pk,
        name=theme.name,
        slug=theme.slug,
        colour=theme.colour,
        count=found["count"],
        first_seen=found["first"],
        last_seen=found["last"],
    )


def _stat(theme: Theme, row: ThemeCount | None) -> ThemeStat:
    return ThemeStat(
        id=theme.pk,
        name=theme.name,
        slug=theme.slug,
        colour=theme.colour,
        count=row.entries if row else 0,
        first_seen=row.first_seen if row and row.entries else None,
        last_seen=row.last_seen if row and row.entries else None,
    )


def owner_summary(owner, *, limit: int | None = None) -> list[ThemeStat]:
    """`theme_summary(Entry.objects.for_owner(owner), limit=...)`, from the kept counts."""
    return _kept_summary(ThemeCount.objects.filter(theme__owner=owner), limit=limit)


def _kept_summary(rows: QuerySet, *, limit: int | None) -> list[ThemeStat]:
    """The themes of kept count rows (ThemeCount or SharedThemeCount) in use, most frequent
    first, as `theme_summary` orders them."""
    rows = (
        rows.filter(entries__gt=0)
        .order_by("-entries", "theme__name", "theme_id")
        .values_list(
            "theme_id",
            "theme__name",
            "theme__slug",
            "theme__colour",
            "entries",
            "first_seen",
            "last_seen",
        )
    )  # values, not models: a long treatment has hundreds of themes and a row is all we show
    if limit is not None:
        rows = rows[:limit]
    return [ThemeStat(*row) for row in rows]


def owner_theme_count(owner) -> int:
    """`len(owner_summary(owner))`: how many of the owner's themes are on entries."""
    return ThemeCount.objects.filter(theme__owner=owner, entries__gt=0).count()


def owner_stat(theme: Theme) -> ThemeStat:
    """`theme_stat(Entry.objects.for_owner(theme.owner), theme)`, read from the kept counts."""
    return _stat(theme, ThemeCount.objects.filter(theme=theme).first())


def owner_pairs(owner, *, limit: int = 15, theme: Theme | None = None) -> list[Pair]:
    """`co_occurrence(Entry.objects.for_owner(owner), ...)`, read from the kept counts: the same
    pairs in the same order."""
    rows = ThemePairCount.objects.filter(owner=owner, entries__gt=0)
    return _kept_pairs(rows, limit=limit, theme=theme)


def _kept_pairs(rows: QuerySet, *, limit: int, theme: Theme | None = None) -> list[Pair]:
    """Pairs from kept pair counts (`theme` the smaller id), in `co_occurrence()`'s order."""
    rows = rows.select_related("theme", "other")
    if theme is None:
        # Only the pairs as frequent as the `limit`-th are sorted by name: found by the counts'
        # index, so a long journal's thousands of pairs are never all joined to their names.
        nth = rows.order_by("-entries").values_list("entries", flat=True)[limit - 1 : limit]
        if nth := list(nth):
            rows = rows.filter(entries__gte=nth[0])
        rows = rows.order_by("-entries", "theme__name", "other__name")
    else:
        rows = (
            rows.filter(Q(theme=theme) | Q(other=theme))
            .annotate(
                partner=Case(When(theme=theme, then=F("other__name")), default=F("theme__name"))
            )
            .order_by("-entries", "partner")
        )
    result = []
    for row in rows[:limit]:
        a, b = _ref(row.theme), _ref(row.other)
        # With a theme, it comes first; else the names in order, as co_occurrence() gives them.
        swap = b.id == theme.pk if theme is not None else b.name.casefold() < a.name.casefold()
        if swap:
            a, b = b, a
        result.append(Pair(a, b, row.entries))
    if theme is None:
        result.sort(key=lambda p: (-p.count, p.a.name.casefold(), p.b.name.casefold()))
    return result


# What one recipient sees of an owner's themes through their shares, read from the Shared*
# counts (migration journal 0011), which the database keeps equal to what `theme_summary`,
# `co_occurrence` and `recurrence_grid` compute from `care.access.visible_entries(recipient,
# owner)`. They count shares whatever the recipient may see today: the caller asks `care.access`
# first (`visible_entry_shares(...)` is empty for a therapist who may not see them).


def shared_entry_count(recipient, owner) -> int:
    """`visible_entries(recipient, owner).count()`, read from the kept counts."""
    row = SharedEntryCount.objects.filter(recipient=recipient, owner=owner).first()
    return row.entries if row else 0


def _shared_themes(recipient, owner) -> QuerySet:
    return SharedThemeCount.objects.filter(recipient=recipient, owner=owner, entries__gt=0)


def shared_theme_count(recipient, owner) -> int:
    """`len(theme_summary(visible_entries(recipient, owner)))`, from the kept counts."""
    return _shared_themes(recipient, owner).count()


def shared_summary(recipient, owner, *, limit: int | None = None) -> list[ThemeStat]:
    """`theme_summary(visible_entries(recipient, owner), limit=...)`, from the kept counts."""
    return _kept_summary(_shared_themes(recipient, owner), limit=limit)


def shared_pairs(recipient, owner, *, limit: int = 15) -> list[Pair]:
    """`co_occurrence(visible_entries(recipient, owner), limit=...)`, from the kept counts."""
    rows = SharedThemePairCount.objects.filter(recipient=recipient, owner=owner, entries__gt=0)
    return _kept_pairs(rows, limit=limit)


def shared_grid(
    shares: QuerySet,
    recipient,
    owner,
    *,
    summary: list[ThemeStat],
    theme_count: int | None = None,
    page: object = 1,
    max_themes: int = 12,
) -> Grid:
    """`recurrence_grid(visible_entries(recipient, owner), summary=summary, owner=owner,
    sessions_shown=GRID_SESSIONS, page=page)` with `shares` the recipient's
    `visible_entry_shares(...)`: the sessions and the "between sessions" column come from the
    kept counts, and only the entries of the sessions shown are counted, so the grid costs what
    its page shows. `summary` may be only the first themes of `theme_count`."""
    themes = summary[:max_themes]
    with_entries = SharedSessionCount.objects.filter(
        recipient=recipient, owner=owner, entries__gt=0
    ).values("session_id")
    newest_first = TreatmentSession.objects.filter(owner=owner, pk__in=with_entries).order_by(
        "-date", "-number", "pk"
    )
    window = Paginator(newest_first, GRID_SESSIONS).get_page(page)
    sessions = list(window.object_list)[::-1]
    counts: dict[tuple[object, object], int] = {}
    if themes:
        ids = [t.id for t in themes]
        between = SharedThemeCount.objects.filter(recipient=recipient, theme_id__in=ids)
        counts = {
            (theme, None): n for theme, n in between.values_list("theme_id", "between_sessions")
        }
        # The entries of the sessions shown, by the sessions' index; the shares check that
        # each is the owner's and outside the trash.
        shown = Entry.objects.filter(session__in=sessions).filter(
            Exists(shares.filter(entry_id=OuterRef("pk")))
        )
        counts.update(_session_cells(shown, ids))
    total = len(summary) if theme_count is None else theme_count
    return _grid(themes, sessions, counts, total_themes=total, window=window)


def _ref(theme: Theme) -> ThemeRef:
    return ThemeRef(theme.pk, theme.name, theme.slug, theme.colour)


def rebuild_counts() -> None:
    """Refill ThemeCount and ThemePairCount from the entries, and the Shared* counts from the
    shares (the statements migrations 0006 and 0011 filled them with). The triggers keep them;
    this is for a repair, or a check."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in FILL + BETWEEN_FILL + SHARED_FILL:
            cursor.execute(statement)


def heat_level(count: int, max_count: int) -> int:
    """0 for none, else 1–4 by share of the largest cell."""
    if count <= 0 or max_count <= 0:
        return 0
    return max(1, min(4, math.ceil(4 * count / max_count)))


def recurrence_grid(
    entries: QuerySet,
    *,
    max_themes: int = 12,
    summary: list[ThemeStat] | None = None,
    sessions_shown: int | None = None,
    page: object = 1,
    owner=None,
    whole_journal: bool = False,
    theme_count: int | None = None,
) -> Grid:
    """The most frequent themes × the sessions these entries belong to, plus a "between sessions"
    column (entries tied to no session, from the whole journal).

    Every session, or with `sessions_shown` a window of that many: page 1 holds the latest,
    page 2 the ones before, and so on, so a long treatment's grid costs what a short one's does.
    Three queries, four with a window: the summary (skipped when passed in), the sessions (and
    their count), and the cells of the sessions shown. Give the entries' `owner` to look only
    at that person's sessions, and `whole_journal=True` when `entries` is all of the owner's
    entries outside the trash. A `summary` passed in may be only the first themes of
    `theme_count`."""
    if summary is None:
        summary = theme_summary(entries)
    themes = summary[:max_themes]
    if whole_journal:
        # Every live entry of the owner: each session asks the entries' index for one.
        live = Entry.objects.filter(session=OuterRef("pk"), deleted_at__isnull=True)
        with_entries = TreatmentSession.objects.filter(owner=owner).filter(Exists(live))
    else:
        # One pass over the entries' session ids (a probe per session would make SQLite run a
        # shared set's subquery again for each).
        candidates = TreatmentSession.objects.all()
        if owner is not None:
            candidates = candidates.filter(owner=owner)
        with_entries = candidates.filter(
            pk__in=entries.order_by().filter(session__isnull=False).values("session_id")
        )
    window = None
    if sessions_shown is None:
        sessions = list(with_entries.order_by("date", "number"))
    else:
        newest_first = with_entries.order_by("-date", "-number", "pk")
        window = Paginator(newest_first, sessions_shown).get_page(page)
        sessions = list(window.object_list)[::-1]
    counts: dict[tuple[object, object], int] = {}
    if themes and whole_journal and window is not None:
        # "Between sessions" as the database keeps it, and the entries of the sessions shown.
        ids = [t.id for t in themes]
        between = ThemeCount.objects.filter(theme_id__in=ids)
        counts = {
            (theme, None): n for theme, n in between.values_list("theme_id", "between_sessions")
        }
        shown = Entry.objects.filter(session__in=sessions, deleted_at__isnull=True)
        counts.update(_session_cells(shown, ids))
    elif themes:
        cells = _links(entries).filter(theme_id__in=[t.id for t in themes])
        if window is not None:
            cells = cells.filter(
                Q(entry__session_id__in=[s.pk for s in sessions]) | Q(entry__session__isnull=True)
            )
        cells = (
            cells.values("theme_id", "entry__session_id")
            .annotate(count=Count("entry_id"))
            .order_by()
        )
        counts = {(c["theme_id"], c["entry__session_id"]): c["count"] for c in cells}
    total = len(summary) if theme_count is None else theme_count
    return _grid(themes, sessions, counts, total_themes=total, window=window)


def _session_cells(shown: QuerySet, theme_ids: list) -> dict[tuple[object, object], int]:
    """How many of the `shown` entries (those of a page of sessions) carry each of the themes,
    by (theme id, session id). Every theme of those entries is counted and the wanted ones
    picked here: a filter on the themes would have SQLite walk all of their links instead."""
    cells = (
        _links(shown)
        .values_list("theme_id", "entry__session_id")
        .annotate(count=Count("entry_id"))
        .order_by()
    )
    wanted = set(theme_ids)
    return {(theme, session): n for theme, session, n in cells if theme in wanted}


def _grid(
    themes: list[ThemeStat],
    sessions: list[TreatmentSession],
    counts: dict[tuple[object, object], int],
    *,
    total_themes: int,
    window: Page | None,
) -> Grid:
    """The grid of `themes` × `sessions` (and "between", session None) from counts by (theme id,
    session id)."""
    max_count = max(counts.values(), default=0)
    # Cells are values: one per distinct count, shared by every cell with that count (a long
    # treatment's grid has hundreds of cells and a handful of distinct counts).
    shared: dict[int, GridCell] = {}

    def cell(theme_id, session_id) -> GridCell:
        count = counts.get((theme_id, session_id), 0)
        if count not in shared:
            shared[count] = GridCell(count, heat_level(count, max_count))
        return shared[count]

    rows = [
        GridRow(
            theme=theme,
            cells=[cell(theme.id, s.pk) for s in sessions],
            between=cell(theme.id, None),
        )
        for theme in themes
    ]
    return Grid(
        sessions=sessions, rows=rows, max_count=max_count, total_themes=total_themes, page=window
    )


def co_occurrence(entries: QuerySet, *, limit: int = 15, theme: Theme | None = None) -> list[Pair]:
    """Pairs of themes that appear on the same entries, most frequent first, in one query
    (the entry–theme table joined to itself through the entry).

    With `theme`, only pairs that include it; `Pair.a` is then always that theme.
    """
    pairs = _links(entries).annotate(
        other_id=F("entry__themes__id"),
        other_name=F("entry__themes__name"),
        other_slug=F("entry__themes__slug"),
        other_colour=F("entry__themes__colour"),
    )
    if theme is None:
        pairs = pairs.filter(theme_id__lt=F("other_id"))  # each unordered pair once
    else:
        pairs = pairs.filter(theme_id=theme.pk).exclude(other_id=theme.pk)
    rows = (
        pairs.values(
            "theme_id",
            "theme__name",
            "theme__slug",
            "theme__colour",
            "other_id",
            "other_name",
            "other_slug",
            "other_colour",
        )
        .annotate(count=Count("entry_id"))
        .order_by("-count", "theme__name", "other_name")[:limit]
    )
    result = []
    for r in rows:
        a = ThemeRef(r["theme_id"], r["theme__name"], r["theme__slug"], r["theme__colour"])
        b = ThemeRef(r["other_id"], r["other_name"], r["other_slug"], r["other_colour"])
        if theme is None and b.name.casefold() < a.name.casefold():
            a, b = b, a
        result.append(Pair(a, b, r["count"]))
    if theme is None:
        result.sort(key=lambda p: (-p.count, p.a.name.casefold(), p.b.name.casefold()))
    return result


def theme_entries(entries: QuerySet, theme: Theme) -> QuerySet:
    """The entries carrying `theme`, oldest first, with their session. A list page can add
    `.only(*Entry.CARD_FIELDS)` to load only what an entry card shows, and give the entries it
    shows their themes with `journal.models.with_theme_tags()`."""
    return entries.filter(themes=theme).select_related("session").order_by("happened_at", "pk")


@transaction.atomic
def merge_themes(*, source: Theme, target: Theme) -> int:
    """Move every entry from `source` to `target` (no duplicates), then delete `source`.

    Covers entries in the trash too, so restoring one later keeps its themes. Returns how many
    entries gained `target`.
    """
    if source.owner_id != target.owner_id or source.pk == target.pk:
        raise ValueError("Themes can only be merged into another theme of the same person.")
    already = Through.objects.filter(theme=target).values("entry_id")
    moving = list(
        Through.objects.filter(theme=source)
        .exclude(entry_id__in=already)
        .values_list("entry_id", flat=True)
    )
    # Links are added and removed, never changed in place (the theme counts' triggers).
    Through.objects.bulk_create([Through(entry_id=entry, theme=target) for entry in moving])
    source.delete()  # its links go with it
    return len(moving)
