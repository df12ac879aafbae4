"""The calendar: a month of entries and sessions, and one day's. Owner-only views."""

from __future__ import annotations

import calendar
import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from journal import days
from journal.models import with_theme_tags

# Monday first; the short names fit seven columns on a phone, the long ones are read aloud.
WEEKDAYS = [(calendar.day_abbr[i], calendar.day_name[i]) for i in range(7)]


@require_GET
def month(request):
    today = timezone.localdate()
    first = days.parse_month(request.GET.get("month"), today=today)
    unreadable = first is None
    if unreadable:  # a mistyped or hand-edited address: this month, and say so
        first = today.replace(day=1)
    context = {
        "month": days.month_of(request.user, first, today=today),
        "unreadable": unreadable,
        "this_month": today.replace(day=1),
        "weekdays": WEEKDAYS,
    }
    return render(request, "journal/calendar.html", context)


@require_GET
def day(request, day: str):
    date = days.parse_day(day)
    if date is None:
        raise Http404("Not a day.")
    today = timezone.localdate()
    context = {
        "day": date,
        "entries": with_theme_tags(days.day_entries(request.user, date)),
        "sessions": list(days.day_sessions(request.user, date)),
        "month_first": date.replace(day=1),
        "can_write": date <= today,
        "previous_day": date - dt.timedelta(days=1),
        "next_day": date + dt.timedelta(days=1),
    }
    return render(request, "journal/calendar_day.html", context)
