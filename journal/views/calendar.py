"""The calendar: a month of the owner's entries and sessions, and the entries of one day.
Owner-only: everything comes from the signed-in person's own querysets."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.utils import dates, timezone
from django.views.decorators.http import require_GET

from integration_journal.keyset import keyset_page
from journal import calendar
from journal.models import Attachment, TreatmentSession, with_theme_tags
from journal.views.common import PAGE_SIZE, owner_cards

# Lazy names from Django's catalogues (Monday is 0, as in the standard library's calendar).
WEEKDAYS = [(dates.WEEKDAYS[day], dates.WEEKDAYS_ABBR[day]) for day in calendar.WEEK.iterweekdays()]


EARLIEST = dt.date(calendar.FIRST_YEAR, 1, 1)
LATEST = dt.date(calendar.LAST_YEAR, 12, 31)


def _date(year: int, month: int, day: int = 1) -> dt.date:
    if not calendar.FIRST_YEAR <= year <= calendar.LAST_YEAR:
        raise Http404("No such month.")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Http404("No such date.") from None


@require_GET
def calendar_month(request, year: int | None = None, month: int | None = None):
    first = timezone.localdate().replace(day=1) if year is None else _date(year, month)
    context = {
        "month": calendar.month_of(request.user, first.year, first.month),
        "weekdays": WEEKDAYS,
        "this_month": timezone.localdate().replace(day=1),
    }
    return render(request, "journal/calendar.html", context)


def _attachments(kind: str) -> Coalesce:
    """How many attachments of `kind` the entry has, as a subquery on the attachment table."""
    counted = (
        Attachment.objects.filter(entry=OuterRef("pk"), kind=kind)
        .order_by()
        .values("entry")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@require_GET
def calendar_day(request, year: int, month: int, day: int):
    date = _date(year, month, day)
    start, end = calendar.day_bounds(date)
    # Each card says how many photos (drawings among them) and voice notes its entry holds:
    # counted in the same query, not one query per card, by a subquery per entry shown (with a
    # join and GROUP BY, the database groups the whole day before it can stop at a page).
    entries = (
        owner_cards(request.user)
        .filter(happened_at__gte=start, happened_at__lt=end)
        .annotate(photo_count=_attachments("photo"), audio_count=_attachments("audio"))
    )
    # Keyset pages, as the journal list's: no count of the day's entries, which PostgreSQL
    # plans as a walk of every entry of the owner when many people wrote on that day.
    page = keyset_page(entries, request.GET, size=PAGE_SIZE, time_field="happened_at")
    sessions = (
        TreatmentSession.objects.for_owner(request.user)
        .filter(date__gte=start, date__lt=end)
        .only("pk", "number", "date")
        .order_by("date", "number")
    )
    context = {
        "date": date,
        "page": page,
        "entries": with_theme_tags(page.object_list),
        "sessions": sessions,
        "previous_day": date - dt.timedelta(days=1) if date > EARLIEST else None,
        "next_day": date + dt.timedelta(days=1) if date < LATEST else None,
    }
    return render(request, "journal/calendar_day.html", context)
