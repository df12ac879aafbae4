"""The notification settings page in a real browser, on a phone and a desktop: CSP-clean, no
sideways scrolling, the check-in time saved; the unsubscribe confirm page."""

import os

import pytest
from django.urls import reverse

from notifications.models import Preference
from notifications.tokens import make_token
from tests.e2e.conftest import DESKTOP, PHONE, sign_in
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SHOTS = os.environ.get("NOTIFICATIONS_SHOTS")  # a folder to keep screenshots in, when set


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_settings_page_saves_a_check_in_time(tab, people, live_server, viewport):
    page = tab(viewport=viewport)
    sign_in(page.page, live_server.url, people.alice.email, PASSWORD)
    p = page.go(reverse("notifications:settings"))
    assert fits(p)
    p.get_by_label("Daily check-in").check()
    p.get_by_label("Check-in time").fill("19:30")
    p.get_by_role("button", name="Save").click()
    p.wait_for_url("**/notifications/")
    assert "Your notification choices are saved." in p.content()
    assert Preference.objects.get(person=people.alice).check_in is True
    assert fits(p)
    if SHOTS:
        p.screenshot(path=f"{SHOTS}/notifications-{viewport['width']}.png", full_page=True)


def test_the_unsubscribe_page_asks_first(tab, people):
    page = tab(viewport=PHONE)
    token = make_token(people.alice, "note")
    p = page.go(reverse("notifications:unsubscribe", args=[token]))
    assert fits(p)
    if SHOTS:
        p.screenshot(path=f"{SHOTS}/unsubscribe-390.png", full_page=True)
    p.get_by_role("button", name="Stop these emails").click()
    p.wait_for_load_state()
    assert "these emails are stopped" in p.content()
    assert Preference.objects.get(person=people.alice).note is False
