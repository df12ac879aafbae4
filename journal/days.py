"""The journal's calendar: a month of entries and sessions, one day, and "on this day".

Days are the person's own: counted in the active time zone (the person's, set by
UserTimeZoneMiddleware). Every function reads a bounded stretch of time through the owner's
(entry, happened_at) index, with a fixed number of queries however much is written.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from journal.models import Entry, TreatmentSession

EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
ON_THIS_DAY_LIMIT = 4
ON_THIS_DAY_YEARS = 10  # how many years back "on this day" looks


@dataclass
class Day:
    date: dt.date
    entries: int = 0
    sessions: list[TreatmentSession] = field(default_factory=list)
    today: bool = False

    @property
    def dots(self) -> range:
        """Up to three dots for the entries; the count itself is in the cell's hidden text."""
        return range(min(self.entries, 3))


@dataclass
class Month:
    first: dt.date
    weeks: list[list[Day | None]]  # Monday first; None for a day of the month before or after
    entries: int
    previous: dt.date | None
    next: dt.date | None


def parse_month(value: str | None, *, today: dt.date) -> dt.date | None:
    """The first of the month `value` ("2026-11") names; this month for none; None if unreadable."""
    if not value:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        first = dt.date(year, month, 1)
    except (ValueError, TypeError):
        return None
    if len(value) != 7 or not EARLIEST_YEAR <= first.year <= LATEST_YEAR:
        return None
    return first


def parse_day(value: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    if len(value) != 10 or not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        return None
    return day


def _start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the active zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _next_month(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1)


def _previous_month(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


def month_of(user, first: dt.date, *, today: dt.date) -> Month:
    """The month starting `first`: entries counted per day, and the sessions. Two queries."""
    after = _next_month(first)
    start, end = _start(first), _start(after)
    zone = timezone.get_current_timezone()
    counts = dict(
        Entry.objects.for_owner(user)
        .filter(happened_at__gte=start, happened_at__lt=end)
        .annotate(day=TruncDate("happened_at", tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    sessions: dict[dt.date, list[TreatmentSession]] = {}
    for session in (
        TreatmentSession.objects.for_owner(user)
        .filter(date__gte=start, date__lt=end)
        .only("pk", "number", "date")
        .order_by("date", "number")
    ):
        sessions.setdefault(timezone.localdate(session.date), []).append(session)
    weeks = [
        [
            Day(
                date=day,
                entries=counts.get(day, 0),
                sessions=sessions.get(day, []),
                today=day == today,
            )
            if day.month == first.month
            else None
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = _previous_month(first)
    return Month(
        first=first,
        weeks=weeks,
        entries=sum(counts.values()),
        previous=previous if previous.year >= EARLIEST_YEAR else None,
        next=after if after.year <= LATEST_YEAR else None,
    )


def day_entries(user, day: dt.date):
    """The owner's entries that happened on `day`, oldest first (for entry cards)."""
    return (
        Entry.objects.for_owner(user)
        .for_cards()
        .filter(happened_at__gte=_start(day), happened_at__lt=_start(day + dt.timedelta(days=1)))
        .oldest_first()
    )


def day_sessions(user, day: dt.date):
    return TreatmentSession.objects.for_owner(user).filter(
        date__gte=_start(day), date__lt=_start(day + dt.timedelta(days=1))
    )


@dataclass(frozen=True)
class Memory:
    """An entry from this date in an earlier month or year, and how long ago that was."""

    entry: Entry
    ago: str


def _same_day_earlier(today: dt.date) -> list[tuple[dt.date, str]]:
    """The same day of the month in the eleven months before, and the same date in earlier
    years, newest first, with how long ago each is. A day a month lacks (the 31st, Feb 29) is
    left out."""
    dates = []
    for months in range(1, 12):
        index = today.year * 12 + today.month - 1 - months
        try:
            day = dt.date(index // 12, index % 12 + 1, today.day)
        except ValueError:
            continue
        dates.append((day, "A month ago" if months == 1 else f"{months} months ago"))
    for years in range(1, ON_THIS_DAY_YEARS + 1):
        try:
            day = today.replace(year=today.year - years)
        except ValueError:
            continue
        dates.append((day, "A year ago" if years == 1 else f"{years} years ago"))
    return dates


def on_this_day(user, *, today: dt.date, limit: int = ON_THIS_DAY_LIMIT) -> list[Memory]:
    """Entries that happened on today's date in earlier months and years, newest first. One
    query: the candidate days are computed here and their ranges OR'd, each a range on the
    owner's happened_at index."""
    dates = _same_day_earlier(today)
    condition = Q()
    for day, _ in dates:
        condition |= Q(
            happened_at__gte=_start(day), happened_at__lt=_start(day + dt.timedelta(days=1))
        )
    ago = dict(dates)
    entries = (
        Entry.objects.for_owner(user)
        .filter(condition)
        .only("pk", "title", "happened_at", "excerpt", "phase")
        .newest_first()[:limit]
    )
    return [Memory(entry, ago.get(timezone.localdate(entry.happened_at), "")) for entry in entries]
