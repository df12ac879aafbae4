"""Recording a voice note in a real browser (Chromium's fake microphone), replaying it, adding
it to an entry and playing it back from the file view; and photos shown as thumbnails."""

import time

import pytest

from journal.attachments import prepare, store
from journal.models import Attachment
from tests.care.conftest import make_entry
from tests.e2e.conftest import PHONE, Page, follow, sign_in
from tests.e2e.test_accessibility import axe_violations
from tests.helpers import PASSWORD, make_user
from tests.journal import media

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_voice_note_is_recorded_replayed_and_added(media_browser, live_server):
    user = make_user("voice@example.org", "Val")
    entry = make_entry(user, title="After the session")
    tab = Page(media_browser, live_server.url)
    tab.context.grant_permissions(["microphone"])
    page = tab.page
    try:
        sign_in(page, live_server.url, user.email, PASSWORD)
        tab.go(entry.get_absolute_url())
        assert page.is_visible("[data-recorder]")
        page.click("[data-recorder-start]")
        page.wait_for_function(
            "() => document.querySelector('[data-recorder-time]').textContent !== '0:00'",
            timeout=8000,
        )
        assert page.is_enabled("[data-recorder-stop]")
        assert page.evaluate("document.activeElement.matches('[data-recorder-stop]')")
        time.sleep(0.5)
        page.click("[data-recorder-stop]")
        page.wait_for_selector("[data-recorder-playback]:not([hidden])")
        assert "Recorded" in page.text_content("[data-recorder-status]")
        assert page.evaluate("document.querySelector('[data-attachment-file]').files.length") == 1
        # Replay: the recording plays from a blob: URL, which the CSP allows as media.
        page.evaluate("document.querySelector('[data-recorder-playback]').play()")
        page.wait_for_function(
            "() => document.querySelector('[data-recorder-playback]').currentTime > 0",
            timeout=8000,
        )
        # Discard, then record again and add it.
        page.click("[data-recorder-discard]")
        assert page.evaluate("document.querySelector('[data-attachment-file]').files.length") == 0
        assert page.is_hidden("[data-recorder-playback]")
        page.click("[data-recorder-start]")
        page.wait_for_function(
            "() => document.querySelector('[data-recorder-time]').textContent !== '0:00'",
            timeout=8000,
        )
        page.click("[data-recorder-stop]")
        page.wait_for_selector("[data-recorder-playback]:not([hidden])")
        follow(page, "[data-attachment-form] button[type=submit]")
        assert "The voice note is added to this entry." in page.content()
        attachment = Attachment.objects.get(entry=entry)
        assert attachment.kind == "audio"
        assert attachment.content_type in {"audio/webm", "audio/mp4", "audio/ogg"}
        assert attachment.duration and attachment.duration >= 1
        # The saved note plays from the file view.
        page.evaluate("document.querySelector('.attachment__audio').play()")
        page.wait_for_function(
            "() => document.querySelector('.attachment__audio').currentTime > 0", timeout=8000
        )
    finally:
        problems = list(tab.problems)
        tab.close()
    assert problems == [], problems


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}])
def test_photos_show_as_thumbnails_on_the_entry_page(media_browser, live_server, viewport):
    user = make_user(f"photos{viewport['width']}@example.org", "Pia")
    entry = make_entry(user, title="Herons", body="Two of them by the bridge.")
    for colour in ("teal", "orange", "purple"):
        store(
            entry,
            prepare(media.photo("JPEG", size=(1600, 1200), colour=colour)),
            alt_text="A heron",
        )
    store(entry, prepare(media.mp3(120)))
    tab = Page(media_browser, live_server.url, viewport=viewport)
    page = tab.page
    try:
        sign_in(page, live_server.url, user.email, PASSWORD)
        tab.go(entry.get_absolute_url())
        page.wait_for_function(
            "() => [...document.querySelectorAll('.attachment__photo img')]"
            ".every((img) => img.complete && img.naturalWidth > 0)"
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert "Voice note, 2 min" in page.content()
        page.click(".attachment__edit summary")  # the Describe and Remove forms too
        assert axe_violations(page) == []
    finally:
        problems = list(tab.problems)
        tab.close()
    assert problems == [], problems
