"""The installable app in Chromium: an entry written offline arrives once, and the service
worker shows a push message."""

import json
import time

import pytest

from tests.e2e.conftest import sign_in
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_entry_written_offline_is_sent_once_when_the_connection_returns(tab, live_server):
    from journal.models import Entry

    user = make_user("river@example.org", "River")
    browser_tab = tab()
    page = browser_tab.page
    sign_in(page, live_server.url, user.email, PASSWORD)
    page = browser_tab.go("/journal/new/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")

    browser_tab.context.set_offline(True)
    page.fill("#id_title", "On the train")
    page.fill("#id_body", "Written with no signal, somewhere between two stations.")
    page.click("text=Save entry")
    status = page.locator("[data-offline-status]")
    status.get_by_text("Saved offline on this device").wait_for()
    assert page.url.endswith("/journal/new/")  # still here, the form cleared for the next one
    assert page.input_value("#id_body") == ""
    assert not Entry.objects.exists()

    browser_tab.context.set_offline(False)
    status.get_by_text("sent and saved").wait_for()
    [entry] = Entry.objects.filter(owner=user)
    assert entry.title == "On the train" and entry.body.startswith("Written with no signal")
    assert entry.client_key is not None

    # The next page opened sends nothing again, and nothing is left waiting.
    page = browser_tab.go("/journal/")
    page.get_by_text("On the train").first.wait_for()
    assert page.evaluate("localStorage.getItem('ij-offline-entries')") is None
    assert Entry.objects.filter(owner=user).count() == 1


def test_an_entry_kept_offline_is_sent_on_the_next_page_load(tab, live_server):
    from journal.models import Entry

    user = make_user("river@example.org", "River")
    browser_tab = tab()
    page = browser_tab.page
    sign_in(page, live_server.url, user.email, PASSWORD)
    page = browser_tab.go("/journal/new/")
    browser_tab.context.set_offline(True)
    page.fill("#id_title", "Kept")
    page.click("text=Save entry")
    page.get_by_text("Saved offline on this device").wait_for()
    # The same item queued twice (say, two tabs) still makes one entry: the key decides.
    page.evaluate(
        """() => {
          const queue = JSON.parse(localStorage.getItem("ij-offline-entries"));
          const copies = queue.map((item) => ({ ...item, key: "copy" }));
          localStorage.setItem("ij-offline-entries", JSON.stringify([...queue, ...copies]));
        }"""
    )
    # The tab is closed while offline; the next page opened, not the form, sends what waits.
    page.close()
    browser_tab.context.set_offline(False)
    page = browser_tab.page = browser_tab.context.new_page()
    page.goto(live_server.url + "/")
    page.wait_for_function("() => localStorage.getItem('ij-offline-entries') === null")
    assert list(Entry.objects.filter(owner=user).values_list("title", flat=True)) == ["Kept"]


def shown_notifications(page, tag=None, seconds=15):
    """The worker's notifications, once there are any (a push event takes a moment, and
    longer on a busy machine)."""
    script = """(tag) => navigator.serviceWorker.ready
      .then((r) => r.getNotifications(tag ? { tag } : {}))
      .then((all) => all.map((n) => (
        { title: n.title, body: n.body, tag: n.tag, url: n.data.url })))"""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = page.evaluate(script, tag)
        if shown:
            return shown
        page.wait_for_timeout(100)
    return []


def pushed(page, cdp, origin, registration, message) -> list:
    """Deliver `message` to the worker through DevTools and return what it shows for its tag.
    DevTools now and then drops a delivery on a busy machine, so one that shows nothing within
    5 s is delivered again (three times at most); what is shown is the worker's own doing."""
    for _ in range(3):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": origin,
                "registrationId": registration["registrationId"],
                "data": json.dumps(message),
            },
        )
        shown = shown_notifications(page, message.get("tag"), seconds=5)
        if shown:
            return shown
    return []


def test_the_service_worker_shows_a_push_message_and_nothing_else(tab, live_server):
    browser_tab = tab()
    context, page = browser_tab.context, browser_tab.page
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = browser_tab.go("/help/")
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == live_server.url + "/"

    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 15
    while not registrations and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    [registration] = [r for r in registrations if r["scopeURL"] == scope and not r["isDeleted"]]
    message = {
        "title": "Integration Journal",
        "body": "You have a new note in Integration Journal",
        "url": "/journal/",
        "tag": "note",
    }
    shown = pushed(page, cdp, live_server.url, registration, message)
    assert shown == [
        {
            "title": "Integration Journal",
            "body": "You have a new note in Integration Journal",
            "tag": "note",
            "url": live_server.url + "/journal/",
        }
    ]

    # A link to another site is never offered: the home page instead.
    elsewhere = {**message, "tag": "other", "url": "https://elsewhere.example/"}
    urls = [n["url"] for n in pushed(page, cdp, live_server.url, registration, elsewhere)]
    assert urls == [live_server.url + "/"]


def test_offline_a_page_shows_the_calm_offline_page_and_never_a_cached_journal(tab, live_server):
    user = make_user("river@example.org", "River")
    browser_tab = tab()
    page = browser_tab.page
    sign_in(page, live_server.url, user.email, PASSWORD)
    page = browser_tab.go("/journal/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    cached = page.evaluate(
        """caches.keys().then((names) => Promise.all(names.map((name) =>
             caches.open(name).then((cache) => cache.keys()))))
           .then((lists) => lists.flat().map((request) => new URL(request.url).pathname))"""
    )
    assert "/offline/" in cached and "/help/" in cached
    assert all(path.startswith("/static/") or path in ("/offline/", "/help/") for path in cached), (
        cached
    )

    browser_tab.context.set_offline(True)
    page.goto(live_server.url + "/journal/")
    page.get_by_role("heading", name="You are offline").wait_for()
    page.goto(live_server.url + "/help/")
    page.get_by_text("988").first.wait_for()
    browser_tab.context.set_offline(False)
