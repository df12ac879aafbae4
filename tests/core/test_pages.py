import pytest
from django.urls import reverse

from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_welcome_page_is_public(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Create a private account" in response.content


def test_home_greets_signed_in_person(people):
    response = client_for(people.alice).get(reverse("home"))
    assert response.status_code == 200
    assert b"Hello, Alice" in response.content


def test_home_rejects_post(people):
    assert client_for(people.alice).post(reverse("home")).status_code == 405


def test_crisis_page_is_public_and_lists_default_lines(client):
    response = client.get(reverse("crisis"))
    assert response.status_code == 200
    assert b"tel:988" in response.content
    assert b"741741" in response.content
    assert b"not monitored in real time" in response.content


def test_every_page_links_to_help(client, people):
    for c in (client, client_for(people.alice)):
        assert reverse("crisis").encode() in c.get(reverse("home")).content


def test_healthz(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"  # the checks themselves: tests/core/test_healthz.py


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"could not find that page" in response.content
