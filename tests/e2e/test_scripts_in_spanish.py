"""The scripts speak the reader's language in a real browser: for a Spanish reader, the voice-note
recorder (static/js/recorder.js) and the entry form's phase note (static/js/phase.js) say their
words from the JavaScript catalogue, not the English written in the scripts."""

import datetime as dt
import time
import zoneinfo

import pytest
from django.urls import reverse

from tests.care.conftest import make_entry
from tests.e2e.conftest import Page, sign_in
from tests.helpers import PASSWORD, make_user
from tests.journal.factories import session

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
STATUS = "[data-recorder-status]"


def test_the_recorder_speaks_spanish(media_browser, live_server):
    user = make_user("grabadora@example.org", "Vale", language="es")
    entry = make_entry(user, title="Después de la sesión")
    tab = Page(media_browser, live_server.url)
    tab.context.grant_permissions(["microphone"])
    page = tab.page
    try:
        sign_in(page, live_server.url, user.email, PASSWORD)
        tab.go(entry.get_absolute_url())
        assert page.evaluate("typeof window.gettext") == "function"
        page.click("[data-recorder-start]")
        page.wait_for_function(
            "() => document.querySelector('[data-recorder-time]').textContent !== '0:00'",
            timeout=8000,
        )
        assert page.text_content(STATUS) == "Grabando…"
        time.sleep(0.5)
        page.click("[data-recorder-stop]")
        page.wait_for_selector("[data-recorder-playback]:not([hidden])")
        recorded = page.text_content(STATUS)
        assert recorded.startswith("Grabado: 0:0") and "descártalo" in recorded, recorded
        page.click("[data-recorder-discard]")
        assert page.text_content(STATUS) == "La grabación se ha descartado."
        assert list(tab.problems) == []
    finally:
        tab.close()


def test_the_phase_note_speaks_spanish(tab, live_server):
    user = make_user("fase@example.org", "Ana", language="es")
    # A session at 1 a.m. yesterday where Ana lives: "after" lasts until midnight ends today,
    # so the suggestion is "after" at any hour the test runs.
    zone = zoneinfo.ZoneInfo(user.time_zone)
    yesterday = dt.datetime.now(zone).date() - dt.timedelta(days=1)
    session(user, date=dt.datetime.combine(yesterday, dt.time(1), zone))
    es = tab()
    sign_in(es.page, es.base_url, user.email, PASSWORD)
    page = es.go(reverse("journal:entry_create"))
    assert page.input_value("[name=phase]") == "free"
    page.focus("[name=session]")
    page.keyboard.press("ArrowDown")  # a person's own choice: a trusted change event
    page.wait_for_function("() => document.querySelector('[data-phase-note]').textContent")
    note = page.text_content("[data-phase-note]")
    label = page.evaluate("document.querySelector('[name=phase]').selectedOptions[0].textContent")
    assert page.input_value("[name=phase]") == "after"
    assert note == (
        f"Fase sugerida según la fecha y la sesión: «{label}». Elige otra si encaja mejor."
    ), note
