import time

import pytest
from django.urls import reverse

from integration_journal.middleware import SESSION_SEEN, SESSION_STARTED
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def age_session(client, *, started_ago: int, seen_ago: int):
    session = client.session
    now = int(time.time())
    session[SESSION_STARTED] = now - started_ago
    session[SESSION_SEEN] = now - seen_ago
    session.save()


def test_active_session_stays_signed_in(people):
    client = client_for(people.alice)
    client.get(reverse("home"))
    age_session(client, started_ago=600, seen_ago=60)
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_idle_session_is_signed_out(people, settings):
    client = client_for(people.alice)
    client.get(reverse("home"))
    age_session(
        client,
        started_ago=settings.SESSION_IDLE_TIMEOUT + 100,
        seen_ago=settings.SESSION_IDLE_TIMEOUT + 5,
    )
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_absolute_lifetime_ends_even_an_active_session(people, settings):
    client = client_for(people.alice)
    client.get(reverse("home"))
    age_session(client, started_ago=settings.SESSION_ABSOLUTE_TIMEOUT + 10, seen_ago=5)
    assert client.get(reverse("accounts:settings")).status_code == 302
