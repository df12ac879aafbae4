"""The entry form's phase and date in a real browser: the phase follows a typed date while it is
only a suggestion, and never overwrites a ?phase= from the link or the phase of a restored draft;
the date field shows the focus ring while focus is in its inner fields."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from journal.models import Entry, TreatmentSession
from tests.e2e.conftest import PHONE, sign_in
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ZONE = "America/New_York"
ACTIVE = "document.activeElement"


@pytest.fixture
def writer(tab, live_server):
    """A writer whose session was three days ago (so a new entry about it is "integration")."""
    user = make_user("phases@example.org", "Phil", time_zone=ZONE)
    session = TreatmentSession.objects.create(
        owner=user, number=2, date=timezone.now() - dt.timedelta(days=3)
    )
    one = tab(viewport=PHONE, timezone_id=ZONE, locale="en-US")
    sign_in(one.page, one.base_url, user.email, PASSWORD)
    return user, session, one


def type_date(page, when: dt.datetime):
    """Type a date and time into the datetime-local field as a person does, segment by segment
    (month, day, year, hour, minute, AM/PM in en-US): trusted key presses, not a set value."""
    page.focus("#id_happened_at")
    page.keyboard.type(when.strftime("%m%d%Y"))
    page.keyboard.press("ArrowRight")  # the year takes up to six digits: move on by hand
    page.keyboard.type(when.strftime("%I%M"))
    page.keyboard.type("P" if when.hour >= 12 else "A")


def during_the_session(session) -> dt.datetime:
    return timezone.localtime(session.date, zoneinfo.ZoneInfo(ZONE)) + dt.timedelta(minutes=30)


def test_a_typed_date_moves_a_suggested_phase(writer):
    _, session, one = writer
    page = one.go(f"/journal/new/?session={session.pk}")
    assert page.input_value("#id_phase") == "integration"
    type_date(page, during_the_session(session))
    assert page.input_value("#id_happened_at") == f"{during_the_session(session):%Y-%m-%dT%H:%M}"
    assert page.input_value("#id_phase") == "during"
    assert "Phase suggested from the date and session" in page.text_content("[data-phase-note]")


def test_a_phase_in_the_link_is_kept_whatever_the_date(writer):
    user, session, one = writer
    page = one.go(f"/journal/new/?session={session.pk}&phase=preparation")
    assert page.input_value("#id_phase") == "preparation"
    type_date(page, during_the_session(session))
    assert page.input_value("#id_phase") == "preparation"
    page.fill("#id_body", "Written the night before, dated later on purpose.")
    page.click("text=Save entry")
    page.wait_for_url("**/journal/entries/*/**")
    assert Entry.objects.get(owner=user).phase == "preparation"


def test_a_restored_drafts_phase_is_kept(writer):
    user, session, one = writer
    page = one.go(f"/journal/new/?session={session.pk}")
    page.select_option("#id_phase", "after")
    page.fill("#id_body", "The evening after, still soft.")
    page.wait_for_function(
        "() => Object.keys(localStorage).some((k) => k.startsWith('ij-draft:')"
        " && localStorage.getItem(k).includes('still soft'))"
    )
    page.reload()
    assert page.input_value("#id_phase") == "integration"  # the server's suggestion again
    page.click("text=Restore it")
    assert page.input_value("#id_phase") == "after"
    # Neither the restore nor a date typed afterwards puts the suggestion back.
    type_date(page, during_the_session(session))
    assert page.input_value("#id_phase") == "after"
    page.click("text=Save entry")
    page.wait_for_url("**/journal/entries/*/**")
    assert Entry.objects.get(owner=user).phase == "after"


def test_the_date_field_shows_the_focus_ring_while_focus_is_inside(writer):
    _, _, one = writer
    page = one.go("/journal/new/")
    page.focus("#id_session")
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.id") == "id_happened_at"
    ring = "getComputedStyle(document.getElementById('id_happened_at'))"
    assert page.evaluate(
        "document.getElementById('id_happened_at').classList.contains('has-focus')"
    )
    assert page.evaluate(f"{ring}.outlineStyle") == "solid"
    assert page.evaluate(f"{ring}.outlineWidth") == "3px"
    # Moving through its inner fields keeps it; leaving the field takes it away.
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.id") == "id_happened_at"
    assert page.evaluate(f"{ring}.outlineStyle") == "solid"
    page.focus("#id_title")
    assert not page.evaluate(
        "document.getElementById('id_happened_at').classList.contains('has-focus')"
    )
    assert page.evaluate(f"{ring}.outlineStyle") == "none"
