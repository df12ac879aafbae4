import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def sign_up(client, email="new@example.org", password="a calm river at dawn"):
    return client.post(
        reverse("account_signup"),
        {
            "display_name": "Riley",
            "email": email,
            "password1": password,
            "password2": password,
            "time_zone": "Europe/Berlin",
        },
    )


def test_signup_sends_a_verification_link_and_the_link_signs_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.display_name == "Riley"
    assert user.time_zone == "Europe/Berlin"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith("https://journal.invalid/")  # SITE_URL, not the request's host
    path = urlsplit(link).path
    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    # A new account's first home is the first step of getting started.
    home = client.get(reverse("home"), follow=True)
    assert home.redirect_chain == [(reverse("care:onboarding", args=[1]), 302)]
    assert b"Hello, Riley" in home.content


def test_unverified_account_cannot_sign_in(client):
    sign_up(client)
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "new@example.org", "password": "a calm river at dawn"},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert b"Hello" not in client.get(reverse("home")).content


def test_signup_with_weak_password_shows_an_error_and_keeps_input(client):
    response = sign_up(client, password="short")
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()
    assert b"new@example.org" in response.content
    assert b"too short" in response.content


def test_login_is_rate_limited(client, people):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "alice@example.org", "password": "nope"})
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": "nope"}
    )
    assert response.status_code in (200, 429)
    assert b"Too many tries in a row" in response.content


def test_password_reset_email_is_sent(client, people):
    response = client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_session_key_changes_at_login(client, people):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    from tests.helpers import PASSWORD

    client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    assert client.session.session_key != before
    assert client.session.get("_auth_user_id") == str(people.alice.pk)


def test_signup_offers_the_zones_people_recognise_and_preselects_with_a_script(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert '<option value="Europe/Berlin">Europe/Berlin</option>' in page
    assert '<option value="America/New_York">America/New York</option>' in page
    assert '<option value="UTC" selected>UTC</option>' in page  # without JavaScript
    # Etc/GMT+5 is five hours *behind* UTC: a trap, so it is not offered; nor are aliases.
    for confusing in ("Etc/GMT+5", "Etc/GMT-3", "EST5EDT", "GMT0", "Zulu", "localtime"):
        assert f'value="{confusing}"' not in page
    assert 'data-device-time-zone="preselect"' in page
    assert "/static/js/timezone" in page


def test_signup_redisplayed_after_an_error_keeps_the_chosen_zone(client):
    response = sign_up(client, password="short")
    page = response.content.decode()
    assert '<option value="Europe/Berlin" selected>' in page
    assert "data-device-time-zone" not in page  # the script must not overwrite the choice


def test_signup_refuses_an_offset_zone_it_does_not_offer(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "x@example.org",
            "password1": "a calm river at dawn",
            "password2": "a calm river at dawn",
            "time_zone": "Etc/GMT+5",
        },
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not User.objects.filter(email="x@example.org").exists()
