import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.helpers import PASSWORD, client_for, enable_totp, totp_code

pytestmark = pytest.mark.django_db


def test_enrol_totp_then_sign_in_with_a_code(client, people):
    client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    # Enrolling a second factor asks for the password again first.
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 302
    assert page.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret.encode() in page.content  # shown for manual entry next to the QR code

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=people.alice).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=people.alice).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}

    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("accounts:settings")).status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_wrong_totp_code_does_not_sign_in(client, people):
    enable_totp(people.alice)
    client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_email_change_asks_to_reauthenticate(people):
    client = client_for(people.alice)  # signed in without a recent password entry
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "alice.new@example.org"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not people.alice.emailaddress_set.filter(email="alice.new@example.org").exists()


def test_sessions_page_lists_and_ends_sessions(client, people):
    client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    page = client.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert b"Sign Out Other Sessions" in page.content or b"sessions" in page.content.lower()
