import datetime as dt

from django.urls import reverse
from django.utils import timezone

from journal.followups import due_follow_ups
from tests.helpers import client_for
from tests.journal.factories import entry, session


def test_two_days_after_a_session_home_invites_an_integration_entry(people):
    s = session(people.alice, number=4, days_ago=2.5)
    response = client_for(people.alice).get(reverse("home"))
    invite = f"{reverse('journal:entry_create')}?session={s.pk}&amp;phase=integration"
    assert b"about two days since" in response.content
    assert invite.encode() in response.content


def test_the_invitation_goes_away_once_an_integration_entry_is_written(people):
    s = session(people.alice, days_ago=8)
    assert [f.label for f in due_follow_ups(people.alice)] == ["a week"]
    entry(people.alice, session=s, phase="integration", days_ago=0)
    assert due_follow_ups(people.alice) == []
    response = client_for(people.alice).get(reverse("home"))
    assert b"Write a short integration entry" not in response.content


def test_an_entry_written_before_the_milestone_does_not_count(people):
    s = session(people.alice, days_ago=31)
    entry(people.alice, session=s, phase="integration", days_ago=25)
    assert [f.label for f in due_follow_ups(people.alice)] == ["a month"]


def test_no_invitation_between_milestones_or_long_after(people):
    session(people.alice, number=1, days_ago=1)
    session(people.alice, number=2, days_ago=5.5)
    session(people.alice, number=3, days_ago=20)
    session(people.alice, number=4, days_ago=60)
    assert due_follow_ups(people.alice) == []


def test_a_trashed_entry_does_not_silence_the_invitation(people):
    s = session(people.alice, days_ago=3)
    entry(people.alice, session=s, phase="integration", deleted_at=timezone.now())
    assert len(due_follow_ups(people.alice)) == 1


def test_strangers_sessions_are_never_offered(people):
    session(people.bob, days_ago=2.5)
    assert due_follow_ups(people.alice) == []
    response = client_for(people.alice).get(reverse("home"))
    assert b"Write a short integration entry" not in response.content


def test_home_shows_the_next_session(people):
    from journal.models import TreatmentSession

    upcoming = TreatmentSession.objects.create(
        owner=people.alice, number=7, date=timezone.now() + dt.timedelta(days=3)
    )
    response = client_for(people.alice).get(reverse("home"))
    assert b"Next session:" in response.content
    assert reverse("journal:session_detail", args=[upcoming.pk]).encode() in response.content


def test_the_next_session_at_seven_in_the_morning_reads_without_a_double_full_stop(people):
    from journal.models import TreatmentSession

    people.alice.time_zone = "UTC"
    people.alice.save()
    when = (timezone.now() + dt.timedelta(days=2)).replace(hour=7, minute=0, second=0)
    TreatmentSession.objects.create(owner=people.alice, number=3, date=when)
    html = client_for(people.alice).get(reverse("home")).content.decode()
    assert "Session 3</a> on " in html and "7:00 a.m. · <a" in html
    assert "m.." not in html
