"""Signing in without a password (a code by email), the trusted-device box, passkeys as the
staff second factor, and ending one device from the sessions page."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core import mail
from django.test import Client
from django.urls import reverse

from care.models import Clinic, Membership
from integration_journal.middleware import SESSION_SEEN, SESSION_STAFF, SESSION_STARTED
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

HEALTH_WORDS = ("journal entry", "session", "ketamine", "therapist", "mood", "PHQ", "GAD")


def request_code(client, email):
    return client.post(reverse("account_request_login_code"), {"email": email}, follow=True)


def code_from(message) -> str:
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)


def signed_in(client) -> bool:
    return client.get(reverse("accounts:settings")).status_code == 200


def test_sign_in_with_a_code_from_the_email(people):
    client = Client()
    page = request_code(client, "alice@example.org")
    assert page.redirect_chain[-1][0] == reverse("account_confirm_login_code")
    assert b"Type your sign-in code" in page.content
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    code = code_from(message)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert signed_in(client)


def test_the_code_email_holds_the_code_and_no_health_text(people):
    request_code(Client(), "alice@example.org")
    message = mail.outbox[0]
    html = {mime: body for body, mime in message.alternatives}["text/html"]
    for body in (message.subject, message.body, html):
        for words in HEALTH_WORDS:
            assert words.lower() not in body.lower(), (words, body)
    assert code_from(message) in html


def test_a_wrong_code_says_so_and_does_not_sign_in(people):
    client = Client()
    request_code(client, "alice@example.org")
    right = code_from(mail.outbox[0])
    wrong = "AAAA-AAAA" if right != "AAAA-AAAA" else "BBBB-BBBB"
    page = client.post(reverse("account_confirm_login_code"), {"code": wrong})
    assert page.status_code == 200
    assert b"That code does not match" in page.content
    assert not signed_in(client)


def test_the_code_stops_working_after_three_wrong_tries(people):
    client = Client()
    request_code(client, "alice@example.org")
    right = code_from(mail.outbox[0])
    wrong = "AAAA-AAAA" if right != "AAAA-AAAA" else "BBBB-BBBB"
    for _ in range(3):
        client.post(reverse("account_confirm_login_code"), {"code": wrong})
    client.post(reverse("account_confirm_login_code"), {"code": right})
    assert not signed_in(client)


def test_an_unknown_address_gets_the_same_answer(people):
    known = request_code(Client(), "alice@example.org")
    unknown = request_code(Client(), "nobody@example.org")
    assert unknown.redirect_chain[-1][0] == known.redirect_chain[-1][0]

    def text(page):
        return (
            page.content.decode()
            .replace("nobody@example.org", "ADDRESS")
            .replace("alice@example.org", "ADDRESS")
        )

    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"')
    assert strip.sub("", text(unknown)) == strip.sub("", text(known))
    # The unknown address is told there is no account, not given a code.
    assert [m.to for m in mail.outbox] == [["alice@example.org"], ["nobody@example.org"]]
    assert not re.search(r"^\s*[A-Z0-9]{4}-[A-Z0-9]{4}\s*$", mail.outbox[1].body, re.MULTILINE)


def test_login_page_offers_code_passkey_and_keep_me_signed_in(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "Send me a sign-in code" in page
    assert "Sign in with a passkey" in page
    assert "Keep me signed in on this device" in page
    assert 'name="remember"' in page


def sign_in(client, *, remember: bool):
    data = {"login": "alice@example.org", "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    assert client.post(reverse("account_login"), data).status_code == 302


def age(client, seconds: int):
    session = client.session
    now = int(time.time())
    session[SESSION_STARTED] = now - seconds - 10
    session[SESSION_SEEN] = now - seconds
    session.save()


def test_patient_on_a_trusted_device_stays_signed_in_after_an_idle_hour(people, settings):
    client = Client()
    sign_in(client, remember=True)
    age(client, 3600)
    assert signed_in(client)
    assert client.session.get_expiry_age() > settings.SESSION_ABSOLUTE_TIMEOUT


def test_patient_on_a_trusted_device_is_signed_out_after_the_trusted_idle_days(people, settings):
    client = Client()
    sign_in(client, remember=True)
    age(client, settings.SESSION_TRUSTED_IDLE_TIMEOUT + 5)
    assert not signed_in(client)


def test_patient_without_the_box_is_signed_out_after_the_short_idle_time(people, settings):
    client = Client()
    sign_in(client, remember=False)
    age(client, settings.SESSION_IDLE_TIMEOUT + 5)
    assert not signed_in(client)


def test_staff_keep_the_short_idle_time_even_on_a_trusted_device(people, settings):
    clinic = Clinic.objects.create(name="Riverside")
    Membership.objects.create(clinic=clinic, user=people.alice, role=Membership.Role.THERAPIST)
    client = Client()
    sign_in(client, remember=True)
    assert client.session[SESSION_STAFF] is True
    age(client, settings.SESSION_IDLE_TIMEOUT + 5)
    assert not signed_in(client)


def test_settings_page_says_which_idle_time_applies(people):
    client = Client()
    sign_in(client, remember=True)
    assert b"14 days without activity" in client.get(reverse("accounts:settings")).content
    short = Client()
    sign_in(short, remember=False)
    page = short.get(reverse("accounts:settings")).content
    assert b"30 minutes without activity" in page
    assert reverse("mfa_add_webauthn").encode() in page  # "Add a passkey"


def test_a_passkey_counts_as_the_second_factor_for_staff(people):
    from care import access

    assert not access.has_mfa(people.alice)
    Authenticator.objects.create(
        user=people.alice, type=Authenticator.Type.WEBAUTHN, data={"name": "Phone"}
    )
    assert access.has_mfa(people.alice)


def test_end_one_signed_in_device(people):
    laptop, phone = Client(), Client()
    sign_in(laptop, remember=False)
    sign_in(phone, remember=True)
    page = laptop.get(reverse("usersessions_list"))
    assert page.content.count(b'form="end-session"') == 2
    other = UserSession.objects.exclude(session_key=laptop.session.session_key).get()
    response = laptop.post(reverse("accounts:end_session"), {"session": other.pk})
    assert response.status_code == 302
    assert not signed_in(phone)
    assert signed_in(laptop)


def test_nobody_ends_another_persons_session(people):
    alice, bob = Client(), Client()
    sign_in(alice, remember=False)
    bob.force_login(people.bob)
    theirs = UserSession.objects.get(user=people.alice)
    assert bob.post(reverse("accounts:end_session"), {"session": theirs.pk}).status_code == 404
    assert signed_in(alice)


def test_ending_this_device_signs_out(people):
    client = Client()
    sign_in(client, remember=False)
    mine = UserSession.objects.get(user=people.alice)
    response = client.post(reverse("accounts:end_session"), {"session": mine.pk})
    assert response.url == reverse("account_login")
    assert not signed_in(client)


def test_adding_a_passkey_asks_for_the_password_again(people):
    client = Client()
    sign_in(client, remember=False)
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 302
    assert page.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_add_webauthn")).content.decode()
    assert "Add a passkey" in page
    assert "Use it to sign in without a password" in page
    # allauth's scripts come from our origin; the inline elements are JSON data, never run.
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_creating_a_clinic_on_a_trusted_device_brings_the_short_idle_time(people, settings):
    client = Client()
    sign_in(client, remember=True)
    client.post(reverse("care:clinic_new"), {"name": "Riverside", "time_zone": "Europe/Berlin"})
    assert Membership.objects.filter(user=people.alice).exists()
    age(client, settings.SESSION_IDLE_TIMEOUT + 5)
    assert not signed_in(client)


def test_a_trusted_device_is_signed_out_when_its_person_becomes_staff_elsewhere(people, settings):
    phone, laptop = Client(), Client()
    sign_in(phone, remember=True)
    sign_in(laptop, remember=False)
    laptop.post(reverse("care:clinic_new"), {"name": "Riverside", "time_zone": "Europe/Berlin"})
    assert Membership.objects.filter(user=people.alice).exists()
    assert signed_in(laptop)  # the device that made the change stays signed in
    assert not signed_in(phone)  # the long-lived one must sign in again, as staff


def test_a_wish_left_on_a_shared_computer_is_not_inherited(people, settings):
    """Alice ticks the box and types her password, then leaves; Bob signs in with a code on the
    same browser: his session gets the short limits."""
    client = Client()
    wish = client.session
    wish["_ij_trust_wish"] = str(people.alice.pk)  # what Alice's password step leaves behind
    wish.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = wish.session_key
    request_code(client, "bob@example.org")
    client.post(reverse("account_confirm_login_code"), {"code": code_from(mail.outbox[-1])})
    assert signed_in(client)
    assert not client.session.get("_ij_trusted")
    age(client, settings.SESSION_IDLE_TIMEOUT + 5)
    assert not signed_in(client)


def test_staff_who_tick_the_box_get_a_browser_session_cookie(people):
    clinic = Clinic.objects.create(name="Riverside")
    Membership.objects.create(clinic=clinic, user=people.alice, role=Membership.Role.THERAPIST)
    client = Client()
    sign_in(client, remember=True)
    assert client.session.get_expire_at_browser_close()
    assert not client.session.get("_ij_trusted")


def test_ending_a_session_with_a_made_up_id_is_a_404(people):
    client = Client()
    sign_in(client, remember=False)
    for made_up in ("abc", "", "-1", "99999999999999999999999"):
        response = client.post(reverse("accounts:end_session"), {"session": made_up})
        assert response.status_code == 404, made_up
    assert signed_in(client)


def test_sessions_page_says_how_long_a_kept_device_stays_signed_in(people, settings):
    settings.SESSION_TRUSTED_IDLE_TIMEOUT = 14 * 86400
    settings.SESSION_TRUSTED_ABSOLUTE_TIMEOUT = 30 * 86400
    client = Client()
    sign_in(client, remember=False)
    page = client.get(reverse("usersessions_list")).content.decode()
    assert "up to 14 days without activity and 30 days in all" in page
