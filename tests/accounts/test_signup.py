import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from tests.helpers import emailed_code

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


def test_signup_sends_a_code_and_the_code_signs_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new@example.org")
    assert user.display_name == "Riley"
    assert user.time_zone == "Europe/Berlin"
    assert len(mail.outbox) == 1
    assert "/accounts/" not in mail.outbox[0].body  # a code to type, no link to follow
    page = client.get(response.url).content.decode()
    assert "We are sending a 6-digit code to <strong>new@example.org</strong>" in page
    assert "The code works for 15 minutes." in page
    assert 'inputmode="numeric"' in page and 'autocomplete="one-time-code"' in page
    assert b"Hello" not in client.get(reverse("home")).content  # not signed in yet
    response = client.post(reverse("account_email_verification_sent"), {"code": emailed_code()})
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified
    # A new account's first home is the first step of getting started.
    home = client.get(reverse("home"), follow=True)
    assert home.redirect_chain == [(reverse("care:onboarding", args=[1]), 302)]
    assert b"Hello, Riley" in home.content


def test_a_wrong_code_says_so_on_the_form_and_the_right_one_still_works(client):
    sign_up(client)
    code = emailed_code()
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("account_email_verification_sent"), {"code": wrong})
    assert response.status_code == 200
    page = response.content.decode()
    assert "That code does not match. Check the newest email from us and try again." in page
    assert "new@example.org" in page  # still says where the code went
    assert not User.objects.get(email="new@example.org").emailaddress_set.get().verified
    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response.status_code == 302
    assert b"Hello, Riley" in client.get(reverse("home"), follow=True).content


def test_too_many_wrong_codes_end_at_the_sign_in_page_with_a_way_in(client):
    sign_up(client)
    for _ in range(settings.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS):
        response = client.post(reverse("account_email_verification_sent"), {"code": "ABCDEF"})
    assert response.status_code == 302
    assert response.url == reverse("account_login")
    page = client.get(response.url).content.decode()
    assert "Too many tries in a row" in page
    assert "ask for a sign-in code by email" in page
    # The code is spent: the page that asked for it sends the person to sign in.
    assert client.get(reverse("account_email_verification_sent")).url == reverse("account_login")


def test_a_new_code_can_be_asked_for_and_replaces_the_first(client):
    sign_up(client)
    first = emailed_code()
    cache.clear()  # one code a minute per address (ACCOUNT_RATE_LIMITS["confirm_email"])
    response = client.post(reverse("account_email_verification_sent"), {"action": "resend"})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    second = emailed_code()
    if first != second:
        stale = client.post(reverse("account_email_verification_sent"), {"code": first})
        assert stale.status_code == 200
    response = client.post(reverse("account_email_verification_sent"), {"code": second})
    assert response.status_code == 302
    assert b"Hello, Riley" in client.get(reverse("home"), follow=True).content


def test_the_code_page_says_what_the_settings_do():
    assert settings.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT == 15 * 60  # "15 minutes"
    assert settings.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_FORMAT["length"] == 6  # "6-digit"
    assert settings.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_FORMAT["numeric"] is True


def test_the_code_page_without_a_sign_up_under_way_sends_to_sign_in(client):
    response = client.get(reverse("account_email_verification_sent"))
    assert response.status_code == 302
    assert response.url == reverse("account_login")
    response = client.post(reverse("account_email_verification_sent"), {"code": "123456"})
    assert response.status_code == 302
    assert response.url == reverse("account_login")


def test_unverified_account_cannot_sign_in(client):
    sign_up(client)
    client.logout()
    cache.clear()  # one code a minute per address
    response = client.post(
        reverse("account_login"),
        {"login": "new@example.org", "password": "a calm river at dawn"},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert b"Hello" not in client.get(reverse("home")).content
    # The sign-in sent a fresh code, and that code finishes it.
    response = client.post(reverse("account_email_verification_sent"), {"code": emailed_code()})
    assert response.status_code == 302
    assert b"Hello, Riley" in client.get(reverse("home"), follow=True).content


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


def test_a_new_code_asked_for_too_soon_is_a_calm_page_and_the_first_code_still_works(client):
    sign_up(client)
    code = emailed_code()
    response = client.post(reverse("account_email_verification_sent"), {"action": "resend"})
    assert response.status_code == 429
    page = response.content.decode()
    assert '<h1 class="page-title">Please wait a moment</h1>' in page
    assert "A code we already sent you still works." in page
    assert len(mail.outbox) == 1
    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response.status_code == 302
    assert b"Hello, Riley" in client.get(reverse("home"), follow=True).content
