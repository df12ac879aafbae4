"""What people do, in a real browser: sign up, write, share, reflect, export."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accounts.models import User
from care.models import CareLink, CareTeamMember, Clinic, Membership
from journal.models import Entry
from tests.e2e.conftest import PHONE, sign_in
from tests.helpers import PASSWORD, enable_totp, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_patient_and_therapist_journey(tab, live_server):
    base = live_server.url
    # A therapist of a clinic, with MFA.
    therapist = make_user("dr.rivera@example.org", "Dr. Rivera")
    secret = enable_totp(therapist)
    clinic = Clinic.objects.create(name="Riverside Integration Clinic")
    Membership.objects.create(clinic=clinic, user=therapist, role=Membership.Role.THERAPIST)

    # 1. A patient signs up and verifies by the emailed link.
    patient_tab = tab()
    page = patient_tab.go("/")
    page.click("text=Create a private account")
    page.fill("#id_display_name", "Robin")
    page.fill("#id_email", "robin@example.org")
    page.fill("#id_password1", "a quiet morning by the lake")
    page.fill("#id_password2", "a quiet morning by the lake")
    page.select_option("#id_time_zone", "Europe/Berlin")
    page.click("form button[type=submit]")
    page.wait_for_url("**/confirm-email/**")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(base + urlsplit(link).path)
    page.click("form button[type=submit]")
    page.wait_for_url(base + "/")
    assert "Hello, Robin" in page.content()
    robin = User.objects.get(email="robin@example.org")

    # 2. Writes a first intention.
    page.click("text=Write your first intention")
    page.fill("#id_title", "Wake up without dread")
    page.fill("#id_success_looks_like", "I make tea and step outside before checking my phone.")
    page.click("text=Save intention")
    page.fill("#id_text", "Curtains open first thing")
    page.click("text=Add step")
    assert "Curtains open first thing" in page.content()

    # 3. Logs a session and writes entries in several phases, with themes.
    patient_tab.go("/journal/sessions/new/")
    page.fill("#id_mood_before", "3")
    page.fill("#id_mood_after", "7")
    page.click("text=Save session")
    page.wait_for_url("**/journal/sessions/*/")
    page.click("text=Write about this session")
    page.fill("#id_title", "After the first session")
    page.fill("#id_body", "It felt like **floating** over a warm lake.")
    page.check("input[name=emotions][value=calm]")
    page.fill("#id_theme_names", "grief, body")
    page.click("text=Save entry")
    page.wait_for_url("**/journal/entries/*/**")
    assert "<strong>floating</strong>" in page.content()
    patient_tab.go("/journal/new/?phase=integration")
    page.fill("#id_title", "Three days later")
    page.fill("#id_body", "Mornings are lighter.")
    page.fill("#id_theme_names", "body, sleep")
    page.click("text=Save entry")
    page.wait_for_url("**/journal/entries/*/**")

    # 4. Sees the theme view.
    patient_tab.go("/journal/themes/")
    assert "Across your sessions" in page.content()
    assert page.locator("table").first.inner_text().count("body") >= 1

    # 5. Joins the clinic, adds the therapist and shares one entry.
    link = CareLink.objects.create(patient=robin, clinic=clinic)
    CareTeamMember.objects.create(link=link, therapist=therapist)
    shared = Entry.objects.get(owner=robin, title="After the first session")
    patient_tab.go(f"/journal/entries/{shared.pk}/")
    page.check("input[name=recipient]")
    page.click("text=Save sharing")
    assert "Shared with" in page.content()

    # 6. The therapist signs in with MFA, sees only the shared entry and reflects.
    therapist_tab = tab()
    t_page = therapist_tab.page
    sign_in(t_page, base, therapist.email, PASSWORD, totp_secret=secret)
    therapist_tab.go("/care/dashboard/")
    t_page.click("text=Robin")
    content = t_page.content()
    assert "After the first session" in content
    assert "Three days later" not in content
    t_page.click("text=After the first session")
    t_page.fill("textarea[name=body]", "What did the lake feel like, in your body?")
    t_page.click("text=Leave a reflection")
    assert "What did the lake feel like" in t_page.content()

    # 7. The patient sees the reflection and the access log.
    patient_tab.go(f"/journal/entries/{shared.pk}/")
    assert "What did the lake feel like" in page.content()
    patient_tab.go("/care/access-log/")
    assert "Dr. Rivera" in page.content()

    # 8. Exports a PDF and downloads it.
    patient_tab.go("/reports/new/")
    page.check(f"input[name=entries][value='{shared.pk}']")
    page.click("text=Prepare the PDF")
    page.wait_for_selector("text=Download the PDF")
    with page.expect_download() as download_info:
        page.click("text=Download the PDF")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_draft_survives_a_reload_and_an_expired_sign_in(tab, live_server):
    user = make_user("drafts@example.org", "Dee")
    first = tab()
    page = first.page
    sign_in(page, live_server.url, user.email, PASSWORD)
    first.go("/journal/new/")
    page.fill("#id_title", "Unsaved thoughts")
    page.fill("#id_body", "Words I must not lose 🌊")
    page.wait_for_timeout(600)  # the draft is written 0.4 s after typing stops
    page.reload()
    assert page.input_value("#id_body") == ""
    page.click("text=Restore it")
    assert page.input_value("#id_body") == "Words I must not lose 🌊"

    # The session ends (signed out elsewhere); the draft is still offered after signing in.
    first.context.clear_cookies()
    sign_in(page, live_server.url, user.email, PASSWORD)
    first.go("/journal/new/")
    page.click("text=Restore it")
    assert page.input_value("#id_title") == "Unsaved thoughts"
    page.click("text=Save entry")
    page.wait_for_url("**/journal/entries/*/**")
    # Once the server confirmed the save, the draft is gone.
    first.go("/journal/new/")
    assert page.locator("[data-restore-panel]").is_hidden()


def test_two_tabs_editing_one_entry_keep_both_texts(tab, live_server):
    user = make_user("tabs@example.org", "Tab")
    entry = Entry.objects.create(owner=user, title="Shared text", body="original", body_html="")
    one, two = tab(), tab()
    for each in (one, two):
        sign_in(each.page, live_server.url, user.email, PASSWORD)
        each.go(f"/journal/entries/{entry.pk}/edit/")
    one.page.fill("#id_body", "written in tab one")
    one.page.click("text=Save entry")
    one.page.wait_for_url("**/journal/entries/*/**")
    two.page.fill("#id_body", "written in tab two")
    two.page.click("text=Save entry")
    content = two.page.content()
    assert "changed in another window" in content
    assert "written in tab one" in content
    assert two.page.input_value("#id_body") == "written in tab two"
    entry.refresh_from_db()
    assert entry.body == "written in tab one"


def test_phone_layout_has_no_horizontal_scroll(tab, live_server):
    user = make_user("phone@example.org", "Pat")
    phone = tab(viewport=PHONE)
    sign_in(phone.page, live_server.url, user.email, PASSWORD)
    for path in ("/", "/journal/new/", "/practices/check-in/", "/measures/phq9/take/"):
        page = phone.go(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
