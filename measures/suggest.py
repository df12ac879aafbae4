"""When to suggest or remind of questionnaires: only the ones the person tracks.

Before each session: in the 3 days before a logged upcoming session, each tracked
questionnaire not yet answered in those days is suggested (home page, questionnaires page and
the session page). Otherwise a gentle reminder when no tracked questionnaire was answered in
the last 14 days. Untracked questionnaires are never suggested or reminded of.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from journal.models import TreatmentSession
from measures.instruments import INSTRUMENTS, Instrument
from measures.models import Response, tracked_codes

REMIND_AFTER_DAYS = 14
SUGGEST_BEFORE_DAYS = 3


@dataclass(frozen=True)
class Suggestion:
    session: TreatmentSession
    due: list[Instrument]

    @property
    def names(self) -> str:
        """ "the PHQ-9", "the PHQ-9 and GAD-7", "the PHQ-9, GAD-7 and PEG"."""
        names = [spec.short_name for spec in self.due]
        if len(names) == 1:
            return gettext("the {name}").format(name=names[0])
        return gettext("the {names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def window(session) -> tuple[dt.datetime, dt.datetime]:
    """The 3 days before a session, up to its start."""
    return session.date - dt.timedelta(days=SUGGEST_BEFORE_DAYS), session.date


def due_before(user, session, codes: list[str] | None = None) -> list[Instrument]:
    """The tracked questionnaires not answered in the 3 days before `session`."""
    codes = tracked_codes(user) if codes is None else codes
    start, end = window(session)
    answered = set(
        Response.objects.for_owner(user)
        .filter(created__range=(start, end), instrument__in=codes)
        .values_list("instrument", flat=True)
    )
    return [INSTRUMENTS[code] for code in codes if code not in answered]


def suggestion(user) -> Suggestion | None:
    """The next session within 3 days, with the tracked questionnaires still to answer."""
    codes = tracked_codes(user)
    if not codes:
        return None
    now = timezone.now()
    upcoming = (
        TreatmentSession.objects.for_owner(user)
        .filter(date__gte=now, date__lte=now + dt.timedelta(days=SUGGEST_BEFORE_DAYS))
        .order_by("date")
        .first()
    )
    if upcoming is None:
        return None
    due = due_before(user, upcoming, codes)
    return Suggestion(upcoming, due) if due else None


def reminder_due(user) -> str:
    """Which reminder is due for the tracked questionnaires: "first" before any of them is
    answered, "again" when none was in the last 14 days, otherwise ""."""
    codes = tracked_codes(user)
    if not codes:
        return ""
    last = (
        Response.objects.for_owner(user)
        .filter(instrument__in=codes)
        .order_by("-created")
        .values_list("created", flat=True)
        .first()
    )
    if last is None:
        return "first"
    return "again" if last < timezone.now() - dt.timedelta(days=REMIND_AFTER_DAYS) else ""


def answers_before(user, session) -> list[Response]:
    """The questionnaires answered in the 3 days before `session`, in catalogue order."""
    start, end = window(session)
    rows = list(
        Response.objects.for_owner(user).filter(created__range=(start, end)).order_by("created")
    )
    order = list(INSTRUMENTS)
    return sorted(rows, key=lambda r: (order.index(r.instrument), r.created))
