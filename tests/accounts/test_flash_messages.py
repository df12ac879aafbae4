"""allauth's flash messages in our voice: second person, short, no exclamation marks, and one of
ours for every message allauth can show with the features switched on."""

from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.helpers import PASSWORD, client_for

pytestmark = pytest.mark.django_db

OURS = Path(settings.BASE_DIR) / "templates"
THEIRS = Path(allauth.__file__).parent / "templates"
# Messages of features this project does not switch on: phone numbers, sign-in by emailed code,
# security keys (MFA_SUPPORTED_TYPES has no "webauthn").
UNUSED = {
    "phone_verification_sent.txt",
    "phone_verified.txt",
    "login_code_sent.txt",
    "webauthn_added.txt",
    "webauthn_removed.txt",
}


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_signing_in_says_so_plainly_on_the_next_page(client, people):
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="message message--success">You are signed in.</p>' in html
    assert "Successfully" not in html


def test_signing_out_says_take_care(people):
    client = client_for(people.alice)
    response = client.post(reverse("account_logout"), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="message message--success">You have signed out. Take care.</p>' in html
    assert client.get(reverse("accounts:settings")).status_code == 302  # really signed out


@pytest.mark.parametrize("app", ["account", "mfa", "usersessions"])
def test_every_message_allauth_shows_here_is_ours(app):
    for stock in sorted((THEIRS / app / "messages").glob("*.txt")):
        if stock.name in UNUSED:
            continue
        ours = OURS / app / "messages" / stock.name
        assert ours.exists(), f"{app}/messages/{stock.name} speaks in allauth's words"
        text = ours.read_text()
        assert "!" not in text and "successfully" not in text.lower(), ours.name
        assert "{% load i18n %}" not in text, ours.name  # plain English, as every page


def test_a_wrong_password_and_too_many_tries_are_said_plainly(client, people):
    wrong = {"login": "alice@example.org", "password": "nope"}
    html = client.post(reverse("account_login"), wrong).content.decode()
    assert "That email address and password do not match. Please check both" in html
    assert "and/or" not in html and "specified" not in html


def test_the_sign_out_and_reset_pages_ask_plainly(people):
    html = client_for(people.alice).get(reverse("account_logout")).content.decode()
    assert "Sign out in this browser? Everything you have saved stays as it is." in html
    assert "Sign Out" not in html
    reset = client_for(people.bob).get(reverse("account_reset_password")).content.decode()
    assert "We will email you a link to choose a new password." in reset
    assert "Email me a link" in reset and "Reset My Password" not in reset
