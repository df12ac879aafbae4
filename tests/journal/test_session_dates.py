import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import TreatmentSession
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def post(client, date):
    data = {
        "number": 1,
        "date": date,
        "kind": "iv",
        "setting": "",
        "mood_before": "",
        "mood_after": "",
    }
    return client.post(reverse("journal:session_create"), data)


def in_400_days():
    return (timezone.now() + dt.timedelta(days=400)).strftime("%Y-%m-%dT%H:%M")


# The future date is computed inside the test: a test id holding the current minute differs
# between two xdist workers collecting a second apart, and xdist refuses to run.
@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("1899-12-31T10:00", b"before 1900"),
        pytest.param(in_400_days, b"a year ahead", id="in-400-days-a year ahead"),
        ("yesterday", b"Enter a valid date/time"),
    ],
)
def test_absurd_dates_are_refused_with_a_clear_message(people, date, message):
    response = post(client_for(people.alice), date() if callable(date) else date)
    assert response.status_code == 200
    assert message in response.content
    assert not TreatmentSession.objects.exists()


def test_a_session_planned_in_a_few_weeks_is_fine(people):
    soon = (timezone.now() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    assert post(client_for(people.alice), soon).status_code == 302
    assert TreatmentSession.objects.filter(owner=people.alice).count() == 1


def test_setting_rejects_nul_and_keeps_other_unicode(people):
    client = client_for(people.alice)
    data = {"number": 2, "date": "2026-11-01T10:00", "kind": "nasal", "setting": "a\x00b"}
    response = client.post(reverse("journal:session_create"), data)
    assert response.status_code == 200
    assert b"Null characters are not allowed" in response.content
    data["setting"] = "غرفة ٢ — Zoë 🌿 e\u0301"
    assert client.post(reverse("journal:session_create"), data).status_code == 302
    assert TreatmentSession.objects.get(owner=people.alice).setting == data["setting"]


def test_a_session_number_already_used_is_refused_but_a_strangers_is_not(people):
    from tests.journal.factories import session

    mine = session(people.alice, number=3)
    session(people.bob, number=4)
    client = client_for(people.alice)
    data = {"number": 3, "date": "2026-11-01T10:00", "kind": "iv"}
    response = client.post(reverse("journal:session_create"), data)
    assert b"You already have a session 3" in response.content
    data["number"] = 4
    assert client.post(reverse("journal:session_create"), data).status_code == 302
    data["number"] = 3  # keeping its own number while editing is fine
    edit = client.post(reverse("journal:session_edit", args=[mine.pk]), data)
    assert edit.status_code == 302
