"""Notification tests reuse the care world (alice, her therapist, friend, the clinic)."""

import datetime as dt

import pytest
from django.utils import timezone

from journal.models import TreatmentSession
from notifications.models import Notification, Status
from tests.care.conftest import world  # noqa: F401  (the fixture)


def log_session(owner, when, *, capture, number=1) -> TreatmentSession:
    """Log a session as the app does, running what waits for the commit."""
    with capture(execute=True):
        return TreatmentSession.objects.create(
            owner=owner, number=number, date=when, setting="The quiet room, feeling raw"
        )


def pending(person, **filters):
    return Notification.objects.filter(person=person, status=Status.PENDING, **filters)


def make_due(person, *, kind="follow_up", key="k", channel="email", due_at=None, url="/journal/"):
    due_at = due_at or timezone.now() - dt.timedelta(minutes=1)
    return Notification.objects.create(
        person=person,
        kind=kind,
        key=key,
        channel=channel,
        url=url,
        due_at=due_at,
        next_attempt_at=due_at,
    )


@pytest.fixture
def noon_utc():
    """A fixed moment: 3 December 2026, 12:00 UTC."""
    return dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
