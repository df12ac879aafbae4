"""What makes a notification due, and when."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from care.escalation import escalate_due_flags, recipients_of
from care.models import FlagEscalation, Reflection, Share, SupportNote
from measures.models import FlagState, Response
from notifications import schedule
from notifications.models import Kind, Notification, Preference
from push.models import PushSubscription
from tests.care.conftest import make_entry
from tests.helpers import client_for
from tests.notifications.conftest import log_session, pending

pytestmark = pytest.mark.django_db


def test_a_logged_session_makes_four_follow_ups_due(people, django_capture_on_commit_callbacks):
    start = timezone.now() + dt.timedelta(hours=2)
    session = log_session(people.alice, start, capture=django_capture_on_commit_callbacks)
    rows = pending(people.alice, kind=Kind.FOLLOW_UP).order_by("due_at")
    assert [row.due_at - start for row in rows] == [
        dt.timedelta(hours=24),
        dt.timedelta(hours=72),
        dt.timedelta(weeks=1),
        dt.timedelta(days=30),
    ]
    assert {row.channel for row in rows} == {"email"}
    assert {row.url for row in rows} == {reverse("journal:session_detail", args=[session.pk])}


def test_follow_ups_already_past_are_not_made_due(people, django_capture_on_commit_callbacks):
    log_session(
        people.alice,
        timezone.now() - dt.timedelta(days=4),
        capture=django_capture_on_commit_callbacks,
    )
    keys = set(pending(people.alice).values_list("key", flat=True))
    assert {key.rsplit(":", 1)[1] for key in keys} == {"1w", "1m"}


def test_a_moved_session_moves_its_follow_ups(people, django_capture_on_commit_callbacks):
    session = log_session(people.alice, timezone.now(), capture=django_capture_on_commit_callbacks)
    later = session.date + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        session.date = later
        session.save()
    first = pending(people.alice, kind=Kind.FOLLOW_UP).order_by("due_at").first()
    assert first.due_at == later + dt.timedelta(hours=24)
    assert pending(people.alice, kind=Kind.FOLLOW_UP).count() == 4


def test_a_deleted_session_takes_its_notifications_along(
    people, django_capture_on_commit_callbacks
):
    session = log_session(people.alice, timezone.now(), capture=django_capture_on_commit_callbacks)
    assert pending(people.alice).exists()
    client_for(people.alice).post(reverse("journal:session_delete", args=[session.pk]))
    assert not Notification.objects.filter(person=people.alice).exists()


def test_the_same_event_twice_makes_one_notification(people):
    for _ in range(2):
        schedule.add(
            people.alice, Kind.NOTE, "reflection:1", due_at=timezone.now(), url="/journal/"
        )
    assert Notification.objects.filter(person=people.alice).count() == 1


def test_a_turned_off_kind_is_not_made_due(people, django_capture_on_commit_callbacks):
    Preference.objects.create(person=people.alice, follow_up=False)
    log_session(people.alice, timezone.now(), capture=django_capture_on_commit_callbacks)
    assert not pending(people.alice, kind=Kind.FOLLOW_UP).exists()


def test_questionnaires_are_due_three_days_before_a_session_to_come(
    people, django_capture_on_commit_callbacks
):
    start = timezone.now() + dt.timedelta(days=10)
    log_session(people.alice, start, capture=django_capture_on_commit_callbacks)
    row = pending(people.alice, kind=Kind.QUESTIONNAIRE).get()
    assert row.due_at == start - dt.timedelta(days=3)
    assert row.url == reverse("measures:index")


def test_the_daily_check_in_is_at_the_persons_local_time(people, noon_utc):
    people.alice.time_zone = "America/Los_Angeles"
    people.alice.save()
    preference = schedule.preference_for(people.alice)
    preference.check_in, preference.check_in_time = True, dt.time(19, 30)
    preference.save()
    schedule.schedule_check_in(preference, now=noon_utc)
    row = pending(people.alice, kind=Kind.CHECK_IN).get()
    local = row.due_at.astimezone(zoneinfo.ZoneInfo("America/Los_Angeles"))
    assert (local.date(), local.time()) == (dt.date(2026, 12, 3), dt.time(19, 30))
    assert row.key == "check-in:2026-12-03"


def test_no_check_in_until_a_time_is_picked(people, noon_utc):
    preference = schedule.preference_for(people.alice)
    assert preference.check_in is False
    schedule.schedule_check_in(preference, now=noon_utc)
    assert not pending(people.alice, kind=Kind.CHECK_IN).exists()


def test_a_therapists_reflection_is_a_note_for_the_patient(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Reflection.objects.create(
            entry=world.entry, therapist=world.therapist, author=world.therapist, body="Hm"
        )
    row = pending(world.alice, kind=Kind.NOTE).get()
    assert row.url == reverse("journal:entry_detail", args=[world.entry.pk])
    assert not Notification.objects.filter(person=world.therapist, kind=Kind.NOTE).exists()


def test_the_patients_own_reply_is_no_note_for_herself(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Reflection.objects.create(
            entry=world.entry, therapist=world.therapist, author=world.alice, body="Thanks"
        )
    assert not pending(world.alice, kind=Kind.NOTE).exists()


def test_a_support_note_is_a_note_for_the_patient(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        SupportNote.objects.create(invite=world.support_invite, author=world.friend, body="You")
    row = pending(world.alice, kind=Kind.NOTE).get()
    assert row.url == reverse("journal:session_detail", args=[world.support_invite.session_id])


def test_shares_and_flags_make_one_digest_an_hour_for_the_therapist(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            Share.objects.create(
                owner=world.alice, recipient=world.therapist, entry=make_entry(world.alice)
            )
        Response.objects.create(
            owner=world.alice,
            instrument="phq9",
            answers=[0, 0, 0, 0, 0, 0, 0, 0, 2],
            total=2,
            flag_state=FlagState.FLAGGED,
        )
    rows = pending(world.therapist, kind=Kind.CARE_DIGEST)
    assert rows.count() == 1
    row = rows.get()
    assert row.due_at.minute == 0 and row.due_at > timezone.now()
    assert row.url == reverse("care:dashboard")


def test_staff_get_only_the_digest_and_escalations_by_default(world):
    staff = schedule.preference_for(world.therapist)
    patient = schedule.preference_for(world.alice)
    assert [staff.wants(kind) for kind in Kind.values] == [
        False,
        False,
        False,
        False,
        True,
        True,
    ]
    assert [patient.wants(kind) for kind in Kind.values] == [
        True,
        False,
        True,
        True,
        False,
        False,
    ]


def test_an_escalation_goes_to_devices_only_and_care_still_emails(
    world, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    monkeypatch.setattr(schedule, "push_enabled", lambda: True)
    for person in recipients_of(world.clinic):
        device(person)
    response = Response.objects.create(
        owner=world.alice,
        instrument="phq9",
        answers=[0, 0, 0, 0, 0, 0, 0, 0, 1],
        total=1,
        flag_state=FlagState.FLAGGED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_due_flags(now=timezone.now() + dt.timedelta(days=3)) == 1
    escalation = FlagEscalation.objects.get(response=response)
    rows = Notification.objects.filter(kind=Kind.ESCALATION, key=f"escalation:{escalation.pk}")
    assert set(rows.values_list("channel", flat=True)) == {"push"}
    assert rows.exists()
    # What care/escalation.py does is unchanged: its own email through the outbox.
    assert len(mailoutbox) >= 1


def device(person):
    return PushSubscription.objects.create(
        user=person, endpoint=f"https://push.example.org/{person.pk}", p256dh="k", auth="a"
    )


def test_push_rows_only_for_people_with_a_device(people, monkeypatch):
    monkeypatch.setattr(schedule, "push_enabled", lambda: True)
    schedule.add(people.alice, Kind.NOTE, "a", due_at=timezone.now(), url="/journal/")
    assert set(
        Notification.objects.filter(person=people.alice).values_list("channel", flat=True)
    ) == {"email"}


def test_erasing_the_person_erases_their_notifications(people):
    schedule.add(people.alice, Kind.NOTE, "a", due_at=timezone.now(), url="/journal/")
    people.alice.delete()
    assert not Notification.objects.exists()
    assert not Preference.objects.exists()
