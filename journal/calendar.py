"""The calendar: a month of a person's entries and sessions, and "on this day".

Counted in the database, by the day in the person's own time zone (`TruncDate(..., tzinfo=)`,
which Django does on SQLite and PostgreSQL alike), so a month costs the same few queries however
many entries it holds. Entries go by when they happened (`happened_at`).
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import ngettext

from journal.models import Entry, TreatmentSession

FIRST_YEAR = 1900  # as far back as a session or an entry may be dated
LAST_YEAR = 9998  # so the next month always exists
WEEK = stdlib_calendar.Calendar(firstweekday=stdlib_calendar.SUNDAY)

# "On this day": the same date this many months back (then years), newest first, and how many
# entries the home page shows at most.
MONTHS_BACK = 11
YEARS_BACK = 10
ON_THIS_DAY_LIMIT = 5


@dataclass
class Day:
    date: dt.date
    entries: int = 0
    sessions: list[TreatmentSession] = field(default_factory=list)
    today: bool = False


@dataclass
class Month:
    first: dt.date  # the month's first day
    weeks: list[list[Day | None]]  # Sunday to Saturday; None outside the month
    previous: dt.date | None
    next: dt.date | None
    entries: int  # in the whole month
    sessions: int


def _local_midnight(day: dt.date, zone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone)


def _next_month(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _previous_month(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


def month_of(owner, year: int, month: int, *, zone=None) -> Month:
    """The month's grid of the owner's entries (counted per local day) and sessions. Two
    queries: the counts, and the month's sessions."""
    zone = zone or timezone.get_current_timezone()
    first = dt.date(year, month, 1)
    after = _next_month(first)
    start, end = _local_midnight(first, zone), _local_midnight(after, zone)
    counts = dict(
        Entry.objects.for_owner(owner)
        .filter(happened_at__gte=start, happened_at__lt=end)
        .annotate(day=TruncDate("happened_at", tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    sessions: dict[dt.date, list[TreatmentSession]] = {}
    for session in (
        TreatmentSession.objects.for_owner(owner)
        .filter(date__gte=start, date__lt=end)
        .only("pk", "number", "date")
        .order_by("date", "number")
    ):
        sessions.setdefault(timezone.localtime(session.date, zone).date(), []).append(session)
    today = timezone.localtime(timezone.now(), zone).date()
    weeks = [
        [
            Day(day, counts.get(day, 0), sessions.get(day, []), day == today)
            if day.month == month
            else None
            for day in week
        ]
        for week in WEEK.monthdatescalendar(year, month)
    ]
    return Month(
        first=first,
        weeks=weeks,
        previous=_previous_month(first) if year > FIRST_YEAR or month > 1 else None,
        next=after if after.year <= LAST_YEAR else None,
        entries=sum(counts.values()),
        sessions=sum(len(found) for found in sessions.values()),
    )


def day_bounds(day: dt.date, *, zone=None) -> tuple[dt.datetime, dt.datetime]:
    """The local day as a range of moments [start, end)."""
    zone = zone or timezone.get_current_timezone()
    return _local_midnight(day, zone), _local_midnight(day + dt.timedelta(days=1), zone)


def _months_back(day: dt.date, months: int) -> dt.date | None:
    """The same day of the month `months` earlier, or None when that month has no such day."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < FIRST_YEAR or day.day > stdlib_calendar.monthrange(year, month + 1)[1]:
        return None
    return dt.date(year, month + 1, day.day)


def _ago(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return ngettext("%(count)d year ago", "%(count)d years ago", years) % {"count": years}
    return ngettext("%(count)d month ago", "%(count)d months ago", months) % {"count": months}


@dataclass
class Memory:
    entry: Entry
    ago: str  # "1 month ago", "2 years ago"


def on_this_day(owner, *, today: dt.date | None = None, zone=None) -> list[Memory]:
    """The owner's entries that happened on this date in earlier months (up to MONTHS_BACK) and
    years (up to YEARS_BACK), nearest first, at most ON_THIS_DAY_LIMIT. One query: a range of the
    live-entries index per date."""
    zone = zone or timezone.get_current_timezone()
    today = today or timezone.localtime(timezone.now(), zone).date()
    back = [*range(1, MONTHS_BACK + 1), *(12 * y for y in range(1, YEARS_BACK + 1))]
    dates = {months: day for months in back if (day := _months_back(today, months))}
    if not dates:
        return []
    ranges = Q()
    for day in dates.values():
        start, end = day_bounds(day, zone=zone)
        ranges |= Q(happened_at__gte=start, happened_at__lt=end)
    entries = list(
        Entry.objects.for_owner(owner)
        .filter(ranges)
        .only("pk", "title", "happened_at", "phase")
        .order_by("-happened_at", "-pk")[:ON_THIS_DAY_LIMIT]
    )
    by_date = {day: months for months, day in dates.items()}
    return [
        Memory(entry, _ago(by_date[timezone.localtime(entry.happened_at, zone).date()]))
        for entry in entries
    ]
