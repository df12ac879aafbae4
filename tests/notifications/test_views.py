"""The settings page, the pause, and the one-click unsubscribe."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import schedule
from notifications.models import Kind, Notification, Preference, Status
from notifications.tokens import make_token
from tests.helpers import client_for, query_count
from tests.notifications.conftest import make_due

pytestmark = pytest.mark.django_db
SETTINGS = reverse("notifications:settings")


def form_data(**changes):
    data = {
        "follow_up": "on",
        "questionnaire": "on",
        "note": "on",
        "check_in_time": "",
        "quiet_start": "21:00",
        "quiet_end": "08:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_it_works(people):
    response = client_for(people.alice).get(SETTINGS)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_check_in_time">' in html
    assert 'type="time"' in html
    assert "style=" not in html and "<script>" not in html
    assert "care_digest" not in html  # patients are not asked about staff kinds


def test_it_is_linked_from_the_settings_page(people):
    html = client_for(people.alice).get(reverse("accounts:settings")).content.decode()
    assert SETTINGS in html


def test_it_requires_login(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_rejects_other_methods(people):
    assert client_for(people.alice).put(SETTINGS).status_code == 405
    assert client_for(people.alice).get(reverse("notifications:pause")).status_code == 405


def test_saving_choices_with_a_check_in_time_makes_it_due(people):
    response = client_for(people.alice).post(
        SETTINGS, form_data(check_in="on", check_in_time="19:30", follow_up=None)
    )
    assert response.status_code == 302
    preference = Preference.objects.get(person=people.alice)
    assert (preference.check_in, preference.follow_up) == (True, False)
    assert preference.check_in_time == dt.time(19, 30)
    assert Notification.objects.filter(person=people.alice, kind=Kind.CHECK_IN).count() == 1


def test_a_check_in_without_a_time_is_a_clear_message(people):
    response = client_for(people.alice).post(SETTINGS, form_data(check_in="on"))
    assert response.status_code == 200
    assert "Pick a time for the daily check-in." in response.content.decode()


def test_bad_times_are_a_form_message_not_an_error(people):
    response = client_for(people.alice).post(SETTINGS, form_data(quiet_start="25:99"))
    assert response.status_code == 200
    assert "Enter a valid time." in response.content.decode()


def test_a_stranger_changes_only_their_own_choices(people):
    schedule.preference_for(people.alice)
    client_for(people.bob).post(SETTINGS, form_data(note=None))
    assert Preference.objects.get(person=people.alice).note is True
    assert Preference.objects.get(person=people.bob).note is False


def test_staff_are_asked_about_the_digest(world):
    html = client_for(world.therapist).get(SETTINGS).content.decode()
    assert 'name="care_digest"' in html and 'name="escalation"' in html


def test_pause_for_a_week_and_resume(people):
    client = client_for(people.alice)
    note = make_due(people.alice, kind=Kind.NOTE, due_at=timezone.now() - dt.timedelta(hours=1))
    assert client.post(reverse("notifications:pause")).status_code == 302
    preference = Preference.objects.get(person=people.alice)
    assert preference.paused_until - timezone.now() > dt.timedelta(days=6, hours=23)
    assert "Notifications are paused until" in client.get(SETTINGS).content.decode()
    Notification.objects.filter(pk=note.pk).update(next_attempt_at=preference.paused_until)
    client.post(reverse("notifications:resume"))
    preference.refresh_from_db()
    note.refresh_from_db()
    assert preference.paused_until is None
    assert note.next_attempt_at <= timezone.now()


def test_the_page_query_count_does_not_grow_with_failures(people):
    client = client_for(people.alice)
    make_due(people.alice, key="one")
    before = query_count(client, SETTINGS)
    for n in range(5):
        row = make_due(people.alice, key=f"f{n}")
        Notification.objects.filter(pk=row.pk).update(status=Status.FAILED, attempts=5)
    assert query_count(client, SETTINGS) == before


# --- unsubscribe --------------------------------------------------------------------------


def unsubscribe_url(person, kind="note"):
    return reverse("notifications:unsubscribe", args=[make_token(person, kind)])


def test_get_asks_and_changes_nothing(client, people):
    response = client.get(unsubscribe_url(people.alice))
    assert response.status_code == 200
    assert "Stop these emails?" in response.content.decode()
    assert schedule.preference_for(people.alice).note is True


def test_one_click_post_turns_that_kind_off_without_signing_in(people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    pending = make_due(people.alice, kind=Kind.NOTE, key="n")
    response = client.post(unsubscribe_url(people.alice), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preference = Preference.objects.get(person=people.alice)
    assert (preference.note, preference.follow_up) == (False, True)
    pending.refresh_from_db()
    assert pending.status == Status.SKIPPED


def test_a_post_without_a_body_works_too(people):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(unsubscribe_url(people.alice, "follow_up"))
    assert response.status_code == 200
    assert Preference.objects.get(person=people.alice).follow_up is False


@pytest.mark.parametrize("token", ["nonsense", "a:b:c", make_token.__name__])
def test_a_bad_token_is_a_clear_page(client, people, token):
    for response in (
        client.get(reverse("notifications:unsubscribe", args=[token])),
        client.post(reverse("notifications:unsubscribe", args=[token])),
    ):
        assert response.status_code == 404
        assert "This link cannot be used" in response.content.decode()


def test_a_token_for_another_kind_name_is_refused(client, people):
    from django.core import signing

    token = signing.dumps([str(people.alice.pk), "is_superuser"], salt="notifications.unsubscribe")
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 404
    assert people.alice.__class__.objects.get(pk=people.alice.pk).is_superuser is False
