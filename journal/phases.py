"""Which phase an entry is probably about, from when it happened and its session's date.

Only ever a suggestion for the entry form's first value (and, in the browser, for as long as the
person has not chosen a phase themselves: static/js/phase.js); the person's choice, an explicit
`?phase=` link, an entry's saved phase and a restored draft always win.

The rules, in the writer's own time zone:

    before the session starts                      preparation
    from its start, for SESSION_HOURS              during
    then until the end of the day after its day    after ("right after")
    later                                          integration
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from journal.models import Entry

SESSION_HOURS = 3  # a session's hours: a session records when it started, not how long it took
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"  # what a datetime-local input holds; compares as text


def _boundaries(start: dt.datetime, zone) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """When `during`, `after` and `integration` begin for a session starting at `start`."""
    local = timezone.localtime(start, zone)
    during_ends = local + dt.timedelta(hours=SESSION_HOURS)
    next_day = local.date() + dt.timedelta(days=2)  # midnight ending the day after its day
    after_ends = dt.datetime.combine(next_day, dt.time(), tzinfo=local.tzinfo)
    return local, during_ends, max(after_ends, during_ends)


def suggest_phase(happened_at: dt.datetime, session_date: dt.datetime, zone=None) -> str:
    """The phase an entry that happened at `happened_at` about a session at `session_date`
    probably is (an `Entry.Phase` value)."""
    zone = zone or timezone.get_current_timezone()
    start, during_ends, after_ends = _boundaries(session_date, zone)
    if happened_at < start:
        return Entry.Phase.PREPARATION
    if happened_at < during_ends:
        return Entry.Phase.DURING
    if happened_at < after_ends:
        return Entry.Phase.AFTER
    return Entry.Phase.INTEGRATION


def session_boundaries(sessions, zone=None) -> dict[str, list[str]]:
    """For the entry form's script: each session's id → when `during`, `after` and
    `integration` begin, as local minutes (the datetime-local input's own format, so the script
    compares text and never converts time zones)."""
    zone = zone or timezone.get_current_timezone()
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)
    return {
        str(session.pk): [
            moment.strftime(LOCAL_MINUTE) for moment in _boundaries(session.date, zone)
        ]
        for session in sessions
    }
