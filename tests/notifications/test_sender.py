"""The sender: once, in the person's waking hours, retried, given up visibly, flat queries."""

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import channels, schedule, sender
from notifications.models import Kind, Notification, Status
from tests.helpers import client_for
from tests.notifications.conftest import make_due

pytestmark = pytest.mark.django_db


def quiet(person, start, end, zone="UTC"):
    person.time_zone = zone
    person.save()
    preference = schedule.preference_for(person)
    preference.quiet_start, preference.quiet_end = start, end
    preference.save()
    return preference


def test_a_due_notification_is_sent_once(people, mailoutbox, noon_utc):
    row = make_due(people.alice, due_at=noon_utc - dt.timedelta(minutes=5))
    assert sender.send_due(now=noon_utc).sent == 1
    assert sender.send_due(now=noon_utc).sent == 0
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert (row.status, row.sent_at, row.attempts) == (Status.SENT, noon_utc, 1)
    assert mailoutbox[0].to == [people.alice.email]


def test_not_yet_due_waits(people, mailoutbox, noon_utc):
    make_due(people.alice, due_at=noon_utc + dt.timedelta(minutes=5))
    assert sender.send_due(now=noon_utc).claimed == 0
    assert mailoutbox == []


def test_the_email_has_one_click_unsubscribe_headers(people, mailoutbox, noon_utc):
    make_due(people.alice, due_at=noon_utc)
    sender.send_due(now=noon_utc)
    headers = mailoutbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = headers["List-Unsubscribe"]
    assert link.startswith("<") and link.endswith(">")
    assert "/notifications/unsubscribe/" in link
    html = mailoutbox[0].alternatives[0].content
    assert "/notifications/unsubscribe/" in html and "/journal/" in html


def test_inside_quiet_hours_it_waits_for_their_end_in_the_persons_zone(
    people, mailoutbox, noon_utc
):
    # 12:00 UTC is 21:00 in Tokyo: inside 20:00–07:30 there.
    quiet(people.alice, dt.time(20, 0), dt.time(7, 30), zone="Asia/Tokyo")
    row = make_due(people.alice, due_at=noon_utc)
    assert sender.send_due(now=noon_utc).deferred == 1
    assert mailoutbox == []
    row.refresh_from_db()
    assert row.status == Status.PENDING
    # 07:30 in Tokyo on 4 December is 22:30 UTC on 3 December.
    assert row.next_attempt_at == dt.datetime(2026, 12, 3, 22, 30, tzinfo=dt.UTC)
    assert sender.send_due(now=row.next_attempt_at).sent == 1
    assert len(mailoutbox) == 1


def test_quiet_hours_after_midnight_end_the_same_morning(people, noon_utc):
    # 12:00 UTC is 04:00 in Los Angeles (winter): inside 22:00–07:00.
    quiet(people.alice, dt.time(22, 0), dt.time(7, 0), zone="America/Los_Angeles")
    row = make_due(people.alice, due_at=noon_utc)
    sender.send_due(now=noon_utc)
    row.refresh_from_db()
    assert row.next_attempt_at == dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)


def test_outside_quiet_hours_it_goes_now(people, mailoutbox, noon_utc):
    quiet(people.alice, dt.time(22, 0), dt.time(7, 0), zone="Europe/Berlin")  # 13:00 there
    make_due(people.alice, due_at=noon_utc)
    assert sender.send_due(now=noon_utc).sent == 1


def test_while_paused_notes_wait_and_follow_ups_are_dropped(people, mailoutbox, noon_utc):
    preference = schedule.preference_for(people.alice)
    preference.paused_until = noon_utc + dt.timedelta(days=7)
    preference.save()
    note = make_due(people.alice, kind=Kind.NOTE, key="n", due_at=noon_utc)
    follow_up = make_due(people.alice, kind=Kind.FOLLOW_UP, key="f", due_at=noon_utc)
    result = sender.send_due(now=noon_utc)
    assert (result.deferred, result.skipped, result.sent) == (1, 1, 0)
    note.refresh_from_db()
    follow_up.refresh_from_db()
    assert note.next_attempt_at == preference.paused_until
    assert follow_up.status == Status.SKIPPED
    assert "paused" in follow_up.last_error
    assert mailoutbox == []


def test_a_kind_turned_off_after_it_was_due_is_not_sent(people, mailoutbox, noon_utc):
    row = make_due(people.alice, due_at=noon_utc)
    preference = schedule.preference_for(people.alice)
    preference.follow_up = False
    preference.save()
    assert sender.send_due(now=noon_utc).skipped == 1
    row.refresh_from_db()
    assert row.status == Status.SKIPPED
    assert mailoutbox == []


def test_a_failure_is_retried_with_backoff_then_given_up_and_shown(people, noon_utc):
    row = make_due(people.alice, due_at=noon_utc)
    now = noon_utc
    waits = []
    with mock.patch.object(channels, "send_email", side_effect=OSError("mail server down")):
        for _ in range(sender.MAX_ATTEMPTS):
            sender.send_due(now=now)
            row.refresh_from_db()
            if row.status != Status.PENDING:
                break
            waits.append(row.next_attempt_at - now)
            assert sender.send_due(now=row.next_attempt_at - dt.timedelta(seconds=1)).claimed == 0
            now = row.next_attempt_at
    assert waits == [dt.timedelta(minutes=m) for m in (5, 15, 45, 135)]
    assert (row.status, row.attempts) == (Status.FAILED, sender.MAX_ATTEMPTS)
    assert "mail server down" in row.last_error
    page = client_for(people.alice).get(reverse("notifications:settings"))
    assert "could not be sent, after 5 tries" in page.content.decode()
    assert "mail server down" not in page.content.decode()


def test_a_retry_that_works_is_sent_once(people, mailoutbox, noon_utc):
    row = make_due(people.alice, due_at=noon_utc)
    with mock.patch.object(channels, "send_email", side_effect=OSError("down")):
        assert sender.send_due(now=noon_utc).failed == 1
    row.refresh_from_db()
    assert sender.send_due(now=row.next_attempt_at).sent == 1
    assert len(mailoutbox) == 1


def test_a_row_a_stopped_worker_left_is_never_sent_twice(people, mailoutbox, noon_utc):
    row = make_due(people.alice, due_at=noon_utc)
    Notification.objects.filter(pk=row.pk).update(
        status=Status.SENDING, claimed_by="gone", claimed_at=noon_utc
    )
    sender.send_due(now=noon_utc + dt.timedelta(hours=1))
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert mailoutbox == []


def test_a_second_run_cannot_take_what_the_first_claimed(people, noon_utc):
    make_due(people.alice, due_at=noon_utc)
    assert len(sender.claim("first", noon_utc)) == 1
    assert sender.claim("second", noon_utc) == []


def test_one_digest_an_hour_even_after_quiet_hours(world, mailoutbox, noon_utc):
    for hour in (1, 2, 3):
        make_due(
            world.therapist,
            kind=Kind.CARE_DIGEST,
            key=f"digest:{hour}",
            due_at=noon_utc - dt.timedelta(hours=hour),
        )
    result = sender.send_due(now=noon_utc)
    assert (result.sent, result.skipped) == (1, 2)
    assert len(mailoutbox) == 1


def test_a_sent_check_in_makes_the_next_days_due(people, mailoutbox, noon_utc):
    preference = schedule.preference_for(people.alice)
    preference.check_in, preference.check_in_time = True, dt.time(11, 0)
    preference.save()
    make_due(people.alice, kind=Kind.CHECK_IN, key="check-in:2026-12-03", due_at=noon_utc)
    sender.send_due(now=noon_utc)
    nxt = Notification.objects.get(person=people.alice, status=Status.PENDING)
    assert nxt.key == "check-in:2026-12-04"
    assert nxt.due_at == dt.datetime(2026, 12, 4, 11, 0, tzinfo=dt.UTC)


def test_push_rows_go_through_the_push_apps_delivery(people, noon_utc):
    row = make_due(people.alice, kind=Kind.NOTE, channel="push", due_at=noon_utc)
    with mock.patch.object(channels, "send_to_user", return_value=2) as push:
        assert sender.send_due(now=noon_utc).sent == 1
    kwargs = push.call_args.kwargs
    assert kwargs["url"] == row.url and kwargs["tag"] == "note"
    assert kwargs["body"] == "You have a new note."


def test_push_to_nobody_is_skipped_not_failed(people, noon_utc):
    row = make_due(people.alice, kind=Kind.NOTE, channel="push", due_at=noon_utc)
    with mock.patch.object(channels, "send_to_user", return_value=0):
        sender.send_due(now=noon_utc)
    row.refresh_from_db()
    assert row.status == Status.SKIPPED


def _queries_for(count, noon_utc, offset):
    from tests.helpers import make_user

    for n in range(count):
        person = make_user(f"p{offset}-{n}@example.org")
        schedule.preference_for(person)
        make_due(person, due_at=noon_utc)
    with CaptureQueriesContext(connection) as ctx:
        result = sender.send_due(now=noon_utc)
    assert result.sent == count
    return len(ctx.captured_queries)


def test_the_senders_queries_per_notification_stay_flat(db, mailoutbox, noon_utc):
    few = _queries_for(3, noon_utc, "a")
    many = _queries_for(12, noon_utc, "b")
    # One UPDATE per notification; the claim and the people are a few queries per batch.
    assert many - few == 9
    assert few <= 3 + 12  # a constant few per run: claim, savepoints (PostgreSQL), the people
