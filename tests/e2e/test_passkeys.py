"""Passkeys in a real browser: Chromium with a virtual authenticator (the DevTools protocol's
WebAuthn domain) stands in for a phone's fingerprint reader."""

import pytest
from django.core import mail

from accounts.models import User
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, follow, sign_in
from tests.e2e.test_accessibility import axe_violations
from tests.helpers import PASSWORD, emailed_code, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


def with_authenticator(browser_tab):
    """The tab's page with a virtual authenticator that says yes to fingerprint checks."""
    page = browser_tab.page
    cdp = browser_tab.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    return page


def screenshots(page, name):
    """docs/screenshots/NAME-phone.png and NAME-desktop.png of the page as it is; axe-core finds
    nothing to fix on it at either size."""
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=SCREENSHOTS / f"{name}-{size}.png", full_page=True)
        assert axe_violations(page) == [], (name, size)
    page.set_viewport_size(PHONE)


def test_patient_adds_a_passkey_then_signs_in_with_it_without_a_password(tab, live_server):
    from allauth.mfa.models import Authenticator

    user = make_user("river@example.org", "River")
    browser_tab = tab()
    page = with_authenticator(browser_tab)

    sign_in(page, live_server.url, user.email, PASSWORD)
    page = browser_tab.go("/account/settings/")
    page.click("text=Add a passkey")
    # Adding a passkey asks for the password again first.
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: url.split("?")[0].endswith("/webauthn/add/"))
    assert page.is_checked("#id_passwordless")
    page.fill("#id_name", "My phone")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    passkey = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().is_passwordless is True
    browser_tab.collect_csp()

    browser_tab.go("/account/settings/")
    page.click("nav >> text=Sign out")
    page.wait_for_url(lambda url: "/logout/" not in url)
    page = browser_tab.go("/accounts/login/")
    page.click("#passkey_login")
    page.wait_for_url(lambda url: "/accounts/" not in url)
    assert page.locator("#id_password").count() == 0
    assert browser_tab.go("/account/settings/").url.endswith("/account/settings/")
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None


def test_new_patient_signs_up_with_a_passkey_and_signs_in_again_with_it(tab, live_server):
    """On a phone: email and name, the emailed code, the passkey; signed in without ever having a
    password. Then signed out, and back in with the passkey alone."""
    from allauth.mfa.models import Authenticator

    browser_tab = tab(viewport=PHONE)
    page = with_authenticator(browser_tab)
    browser_tab.go("/accounts/signup/")
    follow(page, "text=Sign up with a passkey instead")
    assert page.url.endswith("/accounts/signup/passkey/")
    assert page.locator("#id_password1").count() == 0
    page.fill("#id_display_name", "Sam")
    page.fill("#id_email", "sam@example.org")
    page.select_option("#id_time_zone", "America/Chicago")
    screenshots(page, "signup-passkey")
    follow(page, "text=Send me the code")

    assert page.url.endswith("/accounts/confirm-email/")
    assert "We are sending a 6-digit code to sam@example.org" in page.inner_text("main")
    assert page.get_attribute("#id_code", "inputmode") == "numeric"
    page.fill("#id_code", "000000" if "000000" not in mail.outbox[-1].body else "111111")
    follow(page, "main form button[type=submit]")
    assert "That code does not match" in page.inner_text("main")
    screenshots(page, "signup-code")
    page.fill("#id_code", emailed_code("sam@example.org"))
    follow(page, "main form button[type=submit]")

    assert page.url.endswith("/accounts/2fa/webauthn/signup/")
    assert page.input_value("#id_name") == "First passkey"
    screenshots(page, "signup-make-passkey")
    page.fill("#id_name", "My phone")
    page.click("#mfa_webauthn_signup")
    page.wait_for_url("**/care/welcome/1/")
    assert "Hello, Sam" in page.content()
    sam = User.objects.get(email="sam@example.org")
    assert not sam.has_usable_password()
    assert (sam.display_name, sam.time_zone) == ("Sam", "America/Chicago")
    passkey = Authenticator.objects.get(user=sam, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().is_passwordless is True
    assert passkey.wrap().name == "My phone"
    follow(page, "text=Skip for now")
    assert page.url == live_server.url + "/"

    browser_tab.go("/account/settings/")
    page.click("details.nav-menu > summary")  # the phone's menu opens first
    page.click("nav >> text=Sign out")
    page.wait_for_url(lambda url: "/logout/" not in url)
    assert browser_tab.go("/account/settings/").url.split("?")[0].endswith("/accounts/login/")
    page = browser_tab.go("/accounts/login/")
    page.click("#passkey_login")
    page.wait_for_url(lambda url: "/accounts/" not in url)
    assert browser_tab.go("/account/settings/").url.endswith("/account/settings/")
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
