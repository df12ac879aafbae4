"""Headers on every page, CSRF on every POST, cookie flags and sign-in rate limits."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import PASSWORD, client_for
from tests.security.matrix import ADMIN, ALLAUTH, CARE, LOGIN, OWNER, PUBLIC, TOKEN, url_for, urls

pytestmark = pytest.mark.django_db


CATALOGUE = b"/jsi18n/"  # integration_journal/urls.py: javascript-catalog


def assert_strict_csp(response, where):
    csp = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, where
    assert directives.get("object-src") == "'none'", where
    assert directives.get("base-uri") == "'none'", where
    assert directives.get("frame-ancestors") == "'none'", where
    assert "*" not in directives.get("script-src", "*").split(), where
    # Scripts come from our own origin: static files, or Django's JavaScript catalogue (the
    # scripts' translations, /jsi18n/); an inline one must be data or carry this nonce.
    nonce = re.search(r"'nonce-([^']+)'", csp)
    for tag in re.findall(rb"<script\b[^>]*>", response.content):
        src = re.search(rb'\ssrc="([^"]*)"', tag)
        if src:
            assert src.group(1).startswith(b"/static/") or src.group(1) == CATALOGUE, (where, tag)
        elif b"application/json" not in tag:
            assert nonce and f'nonce="{nonce.group(1)}"'.encode() in tag, (where, tag)
    assert not re.search(rb"<[a-z][^>]*\son[a-z]+\s*=", response.content), where
    assert not re.search(rb"<[a-z][^>]*\sstyle\s*=", response.content), where


def test_every_signed_in_page_carries_a_strict_csp_and_no_store(things):
    """Every page of every class that somebody can open: strict CSP, never cached."""
    world = things["world"]
    people = [client_for(p) for p in (world.alice, world.therapist, world.admin, world.friend)]
    opened = []
    for name, route in urls(LOGIN) + urls(OWNER) + urls(CARE) + urls(ALLAUTH):
        url = url_for(name, route, things)
        for person in people:
            response = person.get(url)
            if response.status_code == 200:
                break
        else:
            continue
        opened.append(name)
        if response["Content-Type"].startswith("text/html"):
            assert_strict_csp(response, name)
        assert "no-store" in response["Cache-Control"], name
    assert len(opened) >= 75, opened


def test_every_signed_out_page_carries_a_strict_csp(client, things):
    opened = []
    for name, route in urls(PUBLIC) + urls(ALLAUTH) + urls(TOKEN):
        url = url_for(name, route, things)
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert_strict_csp(response, name)
            opened.append(name)
    for status_page in ("/no-such-page/", "/journal/entries/not-a-uuid/"):
        response = client_for(things["world"].alice).get(status_page)
        assert response.status_code == 404
        assert_strict_csp(response, status_page)
    assert len(opened) >= 8, opened


def test_admin_pages_carry_a_strict_csp(things):
    from accounts.models import User

    staff = User.objects.create_superuser("staff@example.org", PASSWORD)
    client = client_for(staff)
    for name, route in urls(ADMIN):
        if name in ("admin:None", "admin:view_on_site", "admin:logout"):
            continue
        response = client.get(url_for(name, route, things))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            csp = response["Content-Security-Policy"]
            assert "'unsafe-inline'" not in csp and "object-src 'none'" in csp, name
            assert "no-store" in response["Cache-Control"], name


# RFC 8058: a mail program sends the one-click unsubscribe POST with no form of ours; the signed
# token in its URL is what authorises it (tests/notifications/test_views.py).
CSRF_EXEMPT = {"notifications:unsubscribe"}


@pytest.mark.parametrize(
    "kind", [LOGIN, OWNER, CARE, TOKEN, PUBLIC, ALLAUTH], ids=lambda kind: f"{kind} urls"
)
def test_csrf_is_enforced_on_every_post(things, kind):
    """A POST without the CSRF token is refused by every view but the one-click unsubscribe,
    signed in or not."""
    world = things["world"]
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(world.alice)
    anonymous = Client(enforce_csrf_checks=True)
    for name, route in urls(kind):
        if name in CSRF_EXEMPT:
            continue
        url = url_for(name, route, things)
        for client in (signed_in, anonymous):
            response = client.post(url, {"body": "x", "title": "x"})
            assert response.status_code == 403, (name, response.status_code)


def test_session_and_csrf_cookies_are_flagged(client, people, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    page = client.get(reverse("account_login"))
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["secure"] and session["samesite"] == "Lax"


def test_production_settings_flag_cookies_secure():
    """The real settings (not the test override) mark cookies Secure and HttpOnly."""
    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")
    assert settings.CSRF_COOKIE_SAMESITE in ("Lax", "Strict")


def test_wrong_passwords_are_rate_limited_per_account(client, people):
    """Five wrong passwords lock further tries for that account, even with the right one."""
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": "alice@example.org", "password": "wrong"})
        assert response.status_code == 200
    blocked = client.post(url, {"login": "alice@example.org", "password": PASSWORD})
    assert blocked.status_code in (200, 429)
    assert b"Too many tries in a row" in blocked.content
    assert "_auth_user_id" not in client.session
    # Another account from another address is not locked out by alice's attempts.
    other = Client(REMOTE_ADDR="10.0.0.9")
    response = other.post(url, {"login": "bob@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_passwords_are_rate_limited_per_address(people):
    """Guessing across many accounts from one address is limited too."""
    url = reverse("account_login")
    client = Client(REMOTE_ADDR="10.0.0.7")
    for n in range(5):
        client.post(url, {"login": f"nobody{n}@example.org", "password": "wrong"})
    blocked = client.post(url, {"login": "charlie@example.org", "password": PASSWORD})
    assert b"Too many tries in a row" in blocked.content
    assert "_auth_user_id" not in client.session


def test_password_reset_emails_are_rate_limited(client, people, mailoutbox):
    url = reverse("account_reset_password")
    for _ in range(8):
        client.post(url, {"email": "alice@example.org"})
    assert 1 <= len(mailoutbox) <= 5


def test_clinic_code_guesses_are_rate_limited(things):
    alice = client_for(things["world"].bob)
    url = reverse("care:join")
    statuses = [alice.post(url, {"code": f"WRONG{n:03d}"}).status_code for n in range(12)]
    assert statuses[-1] == 429
    assert alice.post(url, {"code": "RIVER234"}).status_code == 429


def test_the_scripts_catalogue_is_our_own_javascript(client):
    """The one script not under /static/ that pages may load (see CATALOGUE)."""
    assert reverse("javascript-catalog").encode() == CATALOGUE
    response = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"gettext" in response.content
