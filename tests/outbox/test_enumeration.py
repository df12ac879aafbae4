"""Sign-up and password reset answer the same for an address that has an account and one that
has not: the same redirect, the same page, one queued mail each, and no telling difference in
time (sending happens in a task, so neither answer waits on the mail server)."""

import re
import statistics
import time

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db

PASSWORD = "a calm river at dawn"
SIGNUP_WORDS = "We are sending a 6-digit code to <strong>{typed}</strong>"
RESET_WORDS = "We are sending an email to the address you gave"


def page_text(client, response, typed: str, wording: str) -> str:
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert wording.format(typed=typed) in html
    html = html.replace(typed, "ADDRESS")  # the page may repeat what the person typed
    # Only the per-response nonce and CSRF token may differ.
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def sign_up(email):
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Riley",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "UTC",
        },
    )
    return client, response


def reset(email):
    client = Client()
    return client, client.post(reverse("account_reset_password"), {"email": email})


def test_prevent_enumeration_is_on():
    assert django_settings.ACCOUNT_PREVENT_ENUMERATION is True


def test_sign_up_with_a_taken_address_answers_like_a_new_one(people):
    known_client, known = sign_up("alice@example.org")
    new_client, new = sign_up("new@example.org")
    assert known["Location"] == new["Location"] == reverse("account_email_verification_sent")
    assert page_text(known_client, known, "alice@example.org", SIGNUP_WORDS) == page_text(
        new_client, new, "new@example.org", SIGNUP_WORDS
    )
    # Each address gets one mail: a code to confirm, or "you already have an account".
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "new@example.org"]
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == 2


def test_password_reset_for_an_unknown_address_answers_like_a_known_one(people):
    known_client, known = reset("alice@example.org")
    unknown_client, unknown = reset("nobody@example.org")
    assert known["Location"] == unknown["Location"]
    assert page_text(known_client, known, "alice@example.org", RESET_WORDS) == page_text(
        unknown_client, unknown, "nobody@example.org", RESET_WORDS
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "nobody@example.org"]


def median_seconds(action, emails) -> float:
    times = []
    for email in emails:
        cache.clear()  # the rate limits would otherwise answer the later tries
        start = time.perf_counter()
        action(email)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_known_and_unknown_addresses_take_about_the_same_time(people):
    # Loose on purpose: both answers are quick and neither is grossly slower than the other.
    reset_known = median_seconds(reset, ["alice@example.org"] * 5)
    reset_unknown = median_seconds(reset, [f"nobody{i}@example.org" for i in range(5)])
    signup_known = median_seconds(sign_up, ["bob@example.org"] * 5)
    signup_new = median_seconds(sign_up, [f"new{i}@example.org" for i in range(5)])
    for known, other in ((reset_known, reset_unknown), (signup_known, signup_new)):
        assert known < 1.0 and other < 1.0
        assert abs(known - other) < 0.25, (known, other)
