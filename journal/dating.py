"""When an entry happened, and the phase that suggests.

An entry is dated by when what it is about happened (`Entry.happened_at`). The phase is suggested
from that moment relative to a session: the entry form prefills it, the person changes it freely.
`static/js/phase.js` applies the same windows in the browser when the date or session changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from journal.models import Entry

# The windows around a session's start (keep in step with static/js/phase.js).
BEFORE = dt.timedelta(days=2)  # "before": up to two days before the session
DURING = dt.timedelta(hours=4)  # "during": the session's own hours
AFTER = dt.timedelta(hours=24)  # "right after": the day after the session's hours
# How far ahead an entry may be dated: "tonight" written in the afternoon, or a zone's difference.
FUTURE_LIMIT = dt.timedelta(days=1)


def phase_for(moment: dt.datetime, session_date: dt.datetime) -> str:
    """The phase an entry about a session at `session_date`, happening at `moment`, suggests."""
    if moment < session_date:
        return Entry.Phase.PREPARATION
    if moment < session_date + DURING:
        return Entry.Phase.DURING
    if moment < session_date + DURING + AFTER:
        return Entry.Phase.AFTER
    return Entry.Phase.INTEGRATION


def near_session_date(moment: dt.datetime, dates: Iterable[dt.datetime]) -> dt.datetime | None:
    """The session date `moment` is close to: a session within two days after it, or one whose
    hours or the day after them it falls in. The nearest wins; None when none is close."""
    close = [date for date in dates if date - BEFORE <= moment < date + DURING + AFTER]
    return min(close, key=lambda date: abs(date - moment), default=None)


def suggest_phase(
    moment: dt.datetime, *, session_date: dt.datetime | None, all_dates: Iterable[dt.datetime]
) -> str:
    """The phase to prefill: relative to the chosen session, or, with none chosen, to a session
    close in time; free writing when nothing is close."""
    if session_date is None:
        session_date = near_session_date(moment, all_dates)
        if session_date is None:
            return Entry.Phase.FREE
    return phase_for(moment, session_date)


def now_to_the_minute() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)
