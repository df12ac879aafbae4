"""Gentle follow-up invitations: two days, a week and a month after a session, the home page
invites a short integration entry about it, until one is written (or the moment passes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journal.models import Entry, TreatmentSession

# (days after the session, how long the invitation stays up in days, wording)
# The wording reads in "It has been about … since session 3" on the home page.
FOLLOW_UPS = [(2, 3, _("two days")), (7, 5, _("a week")), (30, 10, _("a month"))]


@dataclass
class FollowUp:
    session: TreatmentSession
    label: str
    since: dt.datetime


def due_follow_ups(user, *, now: dt.datetime | None = None) -> list[FollowUp]:
    """Sessions waiting for a follow-up entry, newest first. One query."""
    now = now or timezone.now()
    longest = max(days + window for days, window, _label in FOLLOW_UPS)
    sessions = (
        TreatmentSession.objects.for_owner(user)
        .filter(date__lte=now - dt.timedelta(days=FOLLOW_UPS[0][0]))
        .filter(date__gt=now - dt.timedelta(days=longest))
        .annotate(
            last_integration=Max(
                "entries__happened_at",
                filter=Q(entries__phase=Entry.Phase.INTEGRATION, entries__deleted_at__isnull=True),
            )
        )
        .order_by("-date")
    )
    due = []
    for session in sessions:
        for days, window, label in reversed(FOLLOW_UPS):
            since = session.date + dt.timedelta(days=days)
            if since <= now < since + dt.timedelta(days=window):
                if session.last_integration is None or session.last_integration < since:
                    due.append(FollowUp(session=session, label=label, since=since))
                break
    return due
