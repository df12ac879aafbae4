"""The installable app: manifest, service worker, offline page."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def static_file(url: str) -> bool:
    from django.contrib.staticfiles import finders

    return finders.find(url.removeprefix("/static/")) is not None


def test_the_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Integration Journal"
    assert manifest["short_name"] and manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    css = Path("static/css/app.css").read_text()
    assert f"--accent: {manifest['theme_color']};" in css
    assert f"--bg: {manifest['background_color']};" in css
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert static_file(icon["src"]), icon["src"]


def test_every_page_links_the_manifest_and_the_registration_script(client):
    html = client.get(reverse("crisis")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert "/static/js/pwa.js" in html


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", response.content.decode())[1])
    # The shell: static files, and the offline and crisis pages as anyone sees them. No page of
    # anyone's journal, whoever fetched the worker.
    assert config["pages"] == ["/offline/", "/help/"]
    assert all(url.startswith("/static/") for url in config["shell"])
    for url in config["shell"]:
        assert static_file(url), url
    for url in config["pages"]:
        assert client.get(url).status_code == 200, url


def test_the_service_worker_is_the_same_for_a_signed_in_person(client, people):
    assert client_for(people.alice).get("/sw.js").content == client.get("/sw.js").content


def test_the_offline_page_is_calm_and_holds_nobodys_data(client, people):
    page = client.get(reverse("offline"))
    assert page.status_code == 200
    assert b"You are offline" in page.content
    assert b"988" in page.content


def test_the_pwa_urls_are_read_only(client):
    for url in ("/manifest.webmanifest", "/sw.js", "/offline/"):
        assert client.post(url).status_code in (403, 405), url
