"""No health text ever leaves the app in a notification: every kind, every channel."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.utils import timezone

from care.models import Reflection, SupportNote
from measures.models import FlagState, Response
from notifications import channels, schedule, sender
from notifications.models import Kind, Notification
from tests.notifications.conftest import log_session

pytestmark = pytest.mark.django_db

SECRETS = [
    "Secret words about my mother",  # the entry body of the care world
    "Shared entry",  # its title
    "Be gentle with myself",  # the intention
    "The quiet room, feeling raw",  # the session's setting
    "Your reflection mentions grief",
    "You said you felt held",
    "Riverside",  # the clinic's name
    "Dr. T",
    "Alice",
    "phq9",
    "PHQ-9",
    "score",
]


def without_links(text: str) -> str:
    """The words, lower-cased, without links (their signed tokens and ids are random letters
    that could spell anything); links are checked to be paths of ids by the url test."""
    return re.sub(r"(https?://|/)[^\s<>\"]*", " ", text).lower()


def test_links_hold_only_ids(world, django_capture_on_commit_callbacks):
    log_session(world.alice, timezone.now(), capture=django_capture_on_commit_callbacks)
    for row in Notification.objects.all():
        assert re.fullmatch(r"/[a-z/-]*(/[0-9a-f-]{36}/)?", row.url), row.url


def test_no_kinds_message_holds_health_text(world, mailoutbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    world.alice.time_zone = "UTC"
    world.alice.save()
    session = log_session(
        world.alice, now + dt.timedelta(days=5), capture=django_capture_on_commit_callbacks
    )
    session.mood_before, session.mood_after = 2, 9
    with django_capture_on_commit_callbacks(execute=True):
        Reflection.objects.create(
            entry=world.entry,
            therapist=world.therapist,
            author=world.therapist,
            body="Your reflection mentions grief",
        )
        SupportNote.objects.create(
            invite=world.support_invite, author=world.friend, body="You said you felt held"
        )
        Response.objects.create(
            owner=world.alice,
            instrument="phq9",
            answers=[3, 3, 3, 3, 3, 3, 3, 3, 3],
            total=27,
            flag_state=FlagState.FLAGGED,
        )
    for kind in (Kind.CHECK_IN, Kind.ESCALATION):
        Notification.objects.create(
            person=world.therapist if kind == Kind.ESCALATION else world.alice,
            kind=kind,
            key="x",
            url="/care/dashboard/",
            due_at=now,
            next_attempt_at=now,
        )
    rows = list(Notification.objects.select_related("person"))
    assert {row.kind for row in rows} == set(Kind.values)
    for row in rows:
        message = channels.render_message(row)
        everything = " ".join(
            [message.subject, message.text, message.html, message.push_body, row.url, row.key]
        )
        words = without_links(everything)
        for secret in SECRETS:
            assert secret.lower() not in words, (row.kind, secret)
        assert "27" not in without_links(message.text) and "9" not in message.subject

    # And what actually went out, mail and push, after everything falls due.
    everyone = Notification.objects.all()
    everyone.update(next_attempt_at=now)
    for person in {row.person for row in rows}:
        preference = schedule.preference_for(person)
        preference.quiet_start = preference.quiet_end = dt.time(0, 0)  # no quiet hours
        for kind in Kind.values:
            setattr(preference, kind, True)
        preference.save()
    with mock.patch.object(channels, "send_to_user", return_value=1) as push:
        sender.send_due(now=now + dt.timedelta(days=1))
    sent = [f"{m.subject} {m.body} {m.alternatives[0].content}" for m in mailoutbox]
    sent += [" ".join(str(v) for v in call.kwargs.values()) for call in push.call_args_list]
    assert len(mailoutbox) >= 4
    for text in sent:
        for secret in SECRETS:
            assert secret.lower() not in without_links(text), secret
