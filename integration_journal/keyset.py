"""Keyset pagination: the pages of a list shown newest first, by a timestamp and then the row's id.

A page is found from where the page next to it ended (a cursor: that row's time and id), never by
how many rows come before it. The database walks its index down from the cursor for one page of
rows, so the last page of twenty thousand costs what the first does; OFFSET would read and skip
every row before the page, and a page number needs a COUNT of them all.

The links:

    (no cursor)        the newest page
    ?before=<cursor>   the page of rows just older than the cursor ("Older")
    ?after=<cursor>    the page of rows just newer than it ("Newer")

A list whose own query already uses `before` or `after` (the timeline's stretch between two
sessions) names its cursors otherwise: `keyset_page(..., names=("newer", "older"))`.

A cursor is `<UTC time as 20250102T030405.123456Z>_<id>`, made by `make_cursor`. It is not signed:
it holds no secret, only a place in the viewer's own list, and the list's query still decides whose
rows there are. A cursor that does not parse, or after or before which nothing is left, gives the
newest page, never an error. A cursor at a row since deleted still works: it is only a position.

The list's query needs an index ending in (timestamp, id), after its equality filters, for the
walk to start at the cursor without a sort: see Entry.Meta and AccessEvent.Meta.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

CURSOR_TIME = "%Y%m%dT%H%M%S.%fZ"
MAX_CURSOR_LENGTH = 80  # a time (23) and a UUID (36) or an integer id, with room to spare
MAX_INTEGER_ID = 2**63 - 1  # a BigAutoField


def make_cursor(at: dt.datetime, pk: Any) -> str:
    """The cursor of a row at `at` with id `pk`."""
    u = at.astimezone(dt.UTC)
    stamp = (
        f"{u.year:04d}{u.month:02d}{u.day:02d}T"
        f"{u.hour:02d}{u.minute:02d}{u.second:02d}.{u.microsecond:06d}Z"
    )
    return f"{stamp}_{pk}"


def integer_id(text: str) -> int:
    """An integer id as a cursor holds it (for `parse_cursor`); ValueError if it is not one."""
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_INTEGER_ID:
        raise ValueError(text)
    return int(text)


def parse_cursor(
    value: str | None, parse_pk: Callable[[str], Any] = uuid.UUID
) -> tuple[dt.datetime, Any] | None:
    """(time, id) from a cursor, or None if it is not one."""
    if not value or len(value) > MAX_CURSOR_LENGTH:
        return None
    stamp, _, key = value.partition("_")
    try:
        at = dt.datetime.strptime(stamp, CURSOR_TIME).replace(tzinfo=dt.UTC)
        pk = parse_pk(key)
    except (ValueError, TypeError, OverflowError):
        return None
    return at, pk


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a keyset-paged list, newest first.

    `newer` and `older` are the cursors of the links to the pages next to it ("" when there is
    none); `is_newest` is whether this is the list's first page (no "Newest" link then)."""

    object_list: list
    newer: str
    older: str
    is_newest: bool
    time_field: str
    # The query parameters of the links' cursors (see `keyset_page`'s `names`).
    newer_name: str = "after"
    older_name: str = "before"

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)

    @property
    def newest_at(self) -> dt.datetime | None:
        """The time of the page's first (newest) row: with `oldest_at`, what the page spans."""
        return getattr(self.object_list[0], self.time_field) if self.object_list else None

    @property
    def oldest_at(self) -> dt.datetime | None:
        return getattr(self.object_list[-1], self.time_field) if self.object_list else None


def keyset_page(
    rows: QuerySet,
    params: Mapping[str, str],
    *,
    size: int,
    time_field: str,
    parse_pk: Callable[[str], Any] = uuid.UUID,
    names: tuple[str, str] = ("after", "before"),
) -> Page:
    """The page of `rows` (newest first by `time_field`, then id) that the query parameters
    `params` (request.GET) ask for: `before`, `after` or neither (or the two `names`, newer
    and older). One query, or two when the cursor leads past the end of the list and the
    newest page is shown instead."""
    newer_name, older_name = names

    def cursor(row) -> str:
        return make_cursor(getattr(row, time_field), row.pk)

    def page(found, newer, older, is_newest) -> Page:
        return Page(found, newer, older, is_newest, time_field, newer_name, older_name)

    newest_first = rows.order_by(f"-{time_field}", "-pk")
    before = parse_cursor(params.get(older_name), parse_pk)
    after = None if before else parse_cursor(params.get(newer_name), parse_pk)
    if before:
        at, pk = before
        # `time <= at` lets the index walk start at the cursor; the OR only settles ties in time.
        older = newest_first.filter(
            Q(**{f"{time_field}__lt": at}) | Q(**{time_field: at, "pk__lt": pk}),
            **{f"{time_field}__lte": at},
        )
        found = list(older[: size + 1])
        if found:
            older_cursor = cursor(found[size - 1]) if len(found) > size else ""
            found = found[:size]
            return page(found, cursor(found[0]), older_cursor, False)
    elif after:
        at, pk = after
        newer = rows.order_by(time_field, "pk").filter(
            Q(**{f"{time_field}__gt": at}) | Q(**{time_field: at, "pk__gt": pk}),
            **{f"{time_field}__gte": at},
        )
        found = list(newer[: size + 1])
        if len(found) >= size:
            # A full page; with nothing newer beyond it, it is the newest page itself.
            is_newest = len(found) == size
            found = found[:size][::-1]
            newer_cursor = "" if is_newest else cursor(found[0])
            return page(found, newer_cursor, cursor(found[-1]), is_newest)
    # The newest page: asked for, or the cursor led to less than a page (rows deleted since, or
    # a cursor made up).
    found = list(newest_first[: size + 1])
    more = len(found) > size
    found = found[:size]
    return page(found, "", cursor(found[-1]) if more else "", True)
