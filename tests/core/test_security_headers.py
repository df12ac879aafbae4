import pytest
from django.urls import reverse

from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/help/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_send_a_strict_csp(client, url):
    directives = csp_directives(client.get(url))
    assert "'unsafe-inline'" not in " ".join(directives.values())
    assert "'unsafe-eval'" not in " ".join(directives.values())
    assert directives["object-src"] == "object-src 'none'"
    assert directives["base-uri"] == "base-uri 'none'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "'nonce-" in directives["script-src"]


def test_script_tags_carry_the_nonce(client):
    response = client.get("/")
    nonce = csp_directives(response)["script-src"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.content


def test_signed_in_pages_are_never_cached(people):
    response = client_for(people.alice).get(reverse("home"))
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_signed_out_pages_may_not_carry_no_store(client):
    assert "no-store" not in client.get("/help/").headers.get("Cache-Control", "")


def test_frame_and_sniffing_headers(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_private_pages_require_login(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_csrf_is_enforced(people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people.alice)
    response = client.post(reverse("accounts:settings"), {"display_name": "x", "time_zone": "UTC"})
    assert response.status_code == 403


def test_each_response_gets_a_fresh_nonce(client):
    first = csp_directives(client.get("/"))["script-src"]
    second = csp_directives(client.get("/"))["script-src"]
    assert "'nonce-" in first
    assert first != second
