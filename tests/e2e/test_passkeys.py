"""Passkeys in a real browser: Chromium with a virtual authenticator (the DevTools protocol's
WebAuthn domain) stands in for a phone's fingerprint reader."""

import pytest

from tests.e2e.conftest import sign_in
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


def test_patient_adds_a_passkey_then_signs_in_with_it_without_a_password(tab, live_server):
    from allauth.mfa.models import Authenticator

    user = make_user("river@example.org", "River")
    browser_tab = tab()
    page = browser_tab.page
    cdp = browser_tab.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})

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
