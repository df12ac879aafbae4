"""allauth's emails in our words: plain text and HTML, the site's name and SITE_URL at the foot
and in every link, subjects in sentence case, never the host a request came in on."""

import re

import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.helpers import make_user

pytestmark = pytest.mark.django_db

SITE = "https://journal.invalid"
STOCK = ("Hello from", "Thank you for using", "example.com", "Please Confirm", "contact us")


def check(message, subject):
    assert message.subject == f"[{settings.SITE_NAME}] {subject}"
    html = {mime: body for body, mime in message.alternatives}["text/html"]
    for body in (message.body, html):
        assert settings.SITE_NAME in body
        assert SITE in body
        hosts = set(re.findall(r"https?://([^/\s\"<]+)", body))
        assert hosts == {"journal.invalid"}, hosts
        for words in STOCK:
            assert words not in body
    return message.body, html


def sign_up(email):
    return Client().post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "a calm river at dawn",
            "password2": "a calm river at dawn",
            "display_name": "Riley",
            "time_zone": "Europe/Berlin",
        },
    )


def test_confirmation_email_holds_a_code_and_no_link(client):
    sign_up("new@example.org")
    text, html = check(mail.outbox[-1], "Your code to confirm your email address")
    assert "Your code to confirm new@example.org for Integration Journal:" in text
    code = re.search(r"^(\d{6})$", text, re.M).group(1)
    assert f">{code}</strong>" in html
    for body in (text, html):
        assert "It works for 15 minutes." in body
        assert "/accounts/" not in body
        # Plain words: nothing about therapy or health in a mail anyone may see.
        for word in ("therapy", "ketamine", "session", "mood", "health"):
            assert word not in body.lower(), word


def test_sign_up_with_a_taken_address(people):
    sign_up("alice@example.org")
    text, _ = check(mail.outbox[-1], "Someone tried to sign up with your email address")
    assert f"{SITE}/accounts/password/reset/" in text
    assert "a sign-in code we email you" in text  # a way in for an account without a password


def test_password_reset_email(client, people):
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    text, _ = check(mail.outbox[-1], "Choose a new password")
    assert f"{SITE}/accounts/password/reset/key/" in text


def test_no_account_email(client, db):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    text, _ = check(mail.outbox[-1], "There is no account with this email address")
    assert f"{SITE}/accounts/signup/" in text


NOTICES = {
    "account/email/password_changed": "Your password changed",
    "account/email/email_changed": "Your email address changed",
    "account/email/password_reset": "Your password was reset",
    "mfa/email/totp_activated": "Two-step sign-in is on",
    "mfa/email/totp_deactivated": "Two-step sign-in is off",
    "mfa/email/recovery_codes_generated": "New recovery codes for two-step sign-in",
}


@pytest.mark.parametrize("prefix,subject", NOTICES.items())
def test_security_notices(rf_request, prefix, subject, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    # ACCOUNT_EMAIL_NOTIFICATIONS is off, so allauth would not send these yet: render them as
    # its send_notification_mail does, with the same context.
    user = make_user("dana@example.org", "Dana")
    context = {
        "timestamp": timezone.now(),
        "ip": "203.0.113.9",
        "user_agent": "TestBrowser",
        "from_email": "old@example.org",
        "to_email": "dana@example.org",
        "user": user,
    }
    with allauth_context.request_context(rf_request):
        get_adapter().send_mail(prefix, user.email, context)
    text, html = check(mail.outbox[-1], subject)
    assert "If this was not you, choose a new password now" in text
    assert f'href="{SITE}/accounts/password/reset/"' in html
    # When, in the one date-and-time style ("Mar 4, 2026, 8:00 a.m.").
    assert re.search(r"\nWhen: \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [ap]\.m\.\n", text)
    assert "Internet address: 203.0.113.9\nBrowser: TestBrowser\n" in text
    assert "m.." not in text and "m.." not in html  # no full stop after "a.m."


@pytest.fixture
def rf_request():
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8031")
    request.session = {}
    return request
