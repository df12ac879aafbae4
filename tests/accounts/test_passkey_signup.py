"""Sign-up with a passkey, through the HTTP client: email and the sign-up details, the emailed
code, then the page where the device makes the passkey (made for real in
tests/e2e/test_passkeys.py, where a virtual authenticator answers). The account has no password;
until it has a passkey it signs in with an emailed code, and every page works for it."""

import json
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from care.models import Onboarding
from tests.helpers import emailed_code

pytestmark = pytest.mark.django_db

DETAILS = {"display_name": "Sam", "email": "sam@example.org", "time_zone": "America/Chicago"}


def start(client, **changes):
    return client.post(reverse("account_signup_by_passkey"), {**DETAILS, **changes})


def test_the_sign_up_page_offers_a_passkey_instead(client):
    page = client.get(reverse("account_signup")).content.decode()
    link = re.search(r'<a class="button" href="([^"]+)">\s*Sign up with a passkey instead', page)
    assert link and link.group(1) == reverse("account_signup_by_passkey")


def test_the_passkey_sign_up_page_asks_for_the_details_but_no_password(client):
    response = client.get(reverse("account_signup_by_passkey"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<h1 class="page-title">') == 1
    assert "We email you a 6-digit code" in page
    for name in ("display_name", "email", "time_zone"):
        assert f'name="{name}"' in page
        assert f'<label for="id_{name}">' in page
    assert 'name="password1"' not in page and 'type="password"' not in page
    assert 'data-device-time-zone="preselect"' in page
    assert "/static/js/timezone" in page
    assert f'href="{reverse("account_signup")}">Sign up with a password instead' in page


def test_passkey_sign_up_keeps_the_details_and_goes_on_to_the_code(client):
    response = start(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="sam@example.org")
    assert (user.display_name, user.time_zone) == ("Sam", "America/Chicago")
    assert not user.has_usable_password()
    assert Onboarding.objects.filter(user=user).exists()
    assert "/accounts/" not in mail.outbox[-1].body
    page = client.get(response.url).content.decode()
    assert "We are sending a 6-digit code to <strong>sam@example.org</strong>" in page


def test_a_wrong_code_keeps_the_person_on_the_code_page(client):
    start(client)
    code = emailed_code("sam@example.org")
    response = client.post(reverse("account_email_verification_sent"), {"code": "12345x"})
    assert response.status_code == 200
    assert "That code does not match" in response.content.decode()
    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response.url == reverse("mfa_signup_webauthn")


def test_after_the_code_the_device_is_asked_for_a_passkey(client):
    start(client)
    response = client.post(
        reverse("account_email_verification_sent"), {"code": emailed_code("sam@example.org")}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_signup_webauthn")
    assert User.objects.get(email="sam@example.org").emailaddress_set.get().verified
    assert client.get(reverse("accounts:settings")).status_code == 302  # not signed in yet
    response = client.get(reverse("mfa_signup_webauthn"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<h1 class="page-title">Make your passkey</h1>') == 1
    assert '<label for="id_name">Name (so you can tell your passkeys apart)' in page
    assert 'value="First passkey"' in page
    assert 'id="mfa_webauthn_signup" type="button"' in page
    # allauth's script files and JSON data only: nothing inline for the browser to run.
    for script in re.findall(r"<script\b[^>]*>", page):
        assert 'type="application/json"' in script or "src=" in script, script
    data = json.loads(
        re.search(r'<script id="js_data" type="application/json">(.*?)</script>', page, re.S).group(
            1
        )
    )
    options = data["creation_options"]["publicKey"]
    assert options["user"]["name"] == "sam@example.org"
    assert options["authenticatorSelection"]["residentKey"] == "required"


def test_a_broken_passkey_answer_is_refused_without_an_error_page(client):
    start(client)
    client.post(
        reverse("account_email_verification_sent"), {"code": emailed_code("sam@example.org")}
    )
    broken = ("", "{}", '{"id": "x", "response": {}}', '{"id": "x", "rawId": "%%"}', "not json")
    for credential in broken:
        response = client.post(
            reverse("mfa_signup_webauthn"), {"name": "Phone", "credential": credential}
        )
        assert response.status_code == 200, credential
        page = response.content.decode()
        assert '<div class="form-errors" role="alert">' in page, credential
        assert "Please press the button again" in page or "did not come through whole" in page
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_the_passkey_step_needs_a_sign_up_under_way(client, people):
    response = client.get(reverse("mfa_signup_webauthn"))
    assert response.status_code == 302
    assert response.url == reverse("account_signup")
    response = client.post(reverse("mfa_signup_webauthn"), {"credential": "{}"})
    assert response.url == reverse("account_signup")
    client.force_login(people.alice)
    assert client.get(reverse("account_signup_by_passkey")).status_code == 302
    assert client.get(reverse("mfa_signup_webauthn")).status_code == 302


def test_a_taken_address_answers_like_a_new_one(client, people):
    new = start(client)
    other = client_of_its_own(email="alice@example.org")
    assert new.url == other.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="alice@example.org").count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "sam@example.org"]
    assert "already an account" in mail.outbox[-1].body


def client_of_its_own(**changes):
    from django.test import Client

    return start(Client(), **changes)


def test_stopping_before_the_passkey_keeps_a_usable_account(client):
    """ "Not now" on the passkey page: the account stays, its address confirmed. The person signs
    in with an emailed code, and home, getting started and settings all work."""
    start(client)
    client.post(
        reverse("account_email_verification_sent"), {"code": emailed_code("sam@example.org")}
    )
    assert 'form="logout-from-stage"' in client.get(reverse("mfa_signup_webauthn")).content.decode()
    client.post(reverse("account_logout"), {"next": reverse("account_login")})
    assert client.get(reverse("mfa_signup_webauthn")).url == reverse("account_signup")

    cache.clear()
    response = client.post(reverse("account_request_login_code"), {"email": "sam@example.org"})
    assert response.url == reverse("account_confirm_login_code")
    code = re.search(r"^([A-Z0-9-]{6,})$", mail.outbox[-1].body, re.M).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    home = client.get(reverse("home"), follow=True)
    assert home.redirect_chain == [(reverse("care:onboarding", args=[1]), 302)]
    assert b"Hello, Sam" in home.content
    for step in (1, 2, 3, 4, 5):
        assert client.get(reverse("care:onboarding", args=[step])).status_code == 200, step
    assert client.get(reverse("accounts:settings")).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    # Nothing to confirm "it is you" with: allauth lets the careful pages open (no password form).
    assert client.get(reverse("mydata:delete_account")).status_code == 200
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200
    # No password yet: the password link offers to set one, without asking for the one it lacks.
    response = client.get(reverse("account_change_password"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("account_set_password")
