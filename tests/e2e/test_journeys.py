"""What people do, in a real browser: sign up, write, share, reflect, export."""

import re
import time

import pytest
from django.core import mail
from pypdf import PdfReader

from accounts.models import User
from care.models import Clinic, Membership
from journal.models import Entry
from tests.e2e.conftest import PHONE, follow, sign_in
from tests.helpers import PASSWORD, enable_totp, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_patient_and_therapist_journey(tab, live_server):
    base = live_server.url
    # A therapist of a clinic, with MFA.
    therapist = make_user("dr.rivera@example.org", "Dr. Rivera")
    secret = enable_totp(therapist)
    clinic = Clinic.objects.create(name="Riverside Integration Clinic")
    Membership.objects.create(clinic=clinic, user=therapist, role=Membership.Role.THERAPIST)

    # 1. A patient signs up and confirms the address with the emailed code.
    patient_tab = tab()
    page = patient_tab.go("/")
    page.click("text=Create a private account")
    page.fill("#id_display_name", "Robin")
    page.fill("#id_email", "robin@example.org")
    page.fill("#id_password1", "a quiet morning by the lake")
    page.fill("#id_password2", "a quiet morning by the lake")
    page.select_option("#id_time_zone", "Europe/Berlin")
    page.click("form button[type=submit]")
    page.wait_for_url("**/accounts/confirm-email/")
    code = re.search(r"^(\d{6})$", mail.outbox[-1].body, re.M).group(1)
    page.fill("#id_code", code)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/care/welcome/1/")
    assert "Hello, Robin" in page.content()
    page.click("text=Skip for now")
    page.wait_for_url(base + "/")
    robin = User.objects.get(email="robin@example.org")

    # 2. Writes a first intention.
    page.click("text=Write your first intention")
    page.fill("#id_title", "Wake up without dread")
    page.fill("#id_success_looks_like", "I make tea and step outside before checking my phone.")
    page.click("text=Save intention")
    page.fill("#id_text", "Curtains open first thing")
    follow(page, "text=Add step")
    assert "Curtains open first thing" in page.content()

    # 3. Writes before the session, logs it, and writes after it: several phases, with themes.
    patient_tab.go("/journal/new/?phase=preparation")
    page.fill("#id_title", "The night before")
    page.fill("#id_body", "Nervous, and a little hopeful.")
    page.fill("#id_theme_names", "fear, hope")
    page.click("text=Save entry")
    page.wait_for_url("**/journal/entries/*/**")
    patient_tab.go("/journal/sessions/new/")
    page.click("label[for=id_mood_before_3]")  # the mood scale: a tap on a number
    page.click("label[for=id_mood_after_7]")
    page.click("text=Save session")
    page.wait_for_url("**/journal/sessions/*/")
    page.click("text=Write about this session")
    # The session was logged as starting now, so its first hours suggest "during"; the person
    # says it is after, and their choice is what is kept.
    assert page.input_value("#id_phase") == "during"
    page.select_option("#id_phase", "after")
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

    phases = set(Entry.objects.filter(owner=robin).values_list("phase", flat=True))
    assert phases == {"preparation", "after", "integration"}, phases

    # 4. Sees the theme view: "body" came up twice, after two different moments.
    patient_tab.go("/journal/themes/")
    assert "Across your sessions" in page.content()
    table = page.locator("table").first.inner_text()
    assert "body" in table and "grief" in table and "hope" in table
    page.click("a.tag:text-is('body'), a:text-is('body')")
    page.wait_for_url("**/journal/themes/body/")
    assert "After the first session" in page.content()
    assert "Three days later" in page.content()

    # 5. Joins the clinic with its code, adds the therapist to the care team, shares one entry.
    patient_tab.go("/care/")
    page.fill("#id_code", clinic.join_code)
    follow(page, "form[action$='/care/join/'] button[type=submit]")
    assert "You joined Riverside Integration Clinic" in page.content()
    page.select_option("select[name=therapist]", str(therapist.pk))
    follow(page, "text=Add to my care team")
    assert "Dr. Rivera" in page.content()
    shared = Entry.objects.get(owner=robin, title="After the first session")
    patient_tab.go(f"/journal/entries/{shared.pk}/")
    page.check("input[name=recipient]")
    follow(page, "text=Save sharing")
    assert "Shared with" in page.content()

    # 6. The therapist signs in with MFA, sees only the shared entry and reflects.
    therapist_tab = tab()
    t_page = therapist_tab.page
    sign_in(t_page, base, therapist.email, PASSWORD, totp_secret=secret)
    therapist_tab.go("/care/dashboard/")
    follow(t_page, "text=Robin")
    content = t_page.content()
    assert "After the first session" in content
    assert "Three days later" not in content
    t_page.click("text=After the first session")
    t_page.fill("textarea[name=body]", "What did the lake feel like, in your body?")
    follow(t_page, "text=Leave a reflection")
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
    text = "".join(p.extract_text() for p in PdfReader(download.path()).pages)
    assert "After the first session" in text
    assert "Wake up without dread" in text or "Robin" in text


def wait_for_draft(page, text: str):
    """The editor keeps a draft in localStorage shortly after typing stops."""
    page.wait_for_function(
        "(text) => Object.keys(localStorage).some(k => (localStorage.getItem(k) || '')"
        ".includes(text))",
        arg=text,
    )


def expire_session(context, idle_minutes: int = 31):
    """Make the browser's session look idle for longer than the limit, on the server."""
    from django.contrib.sessions.backends.db import SessionStore

    from integration_journal.middleware import SESSION_SEEN, SESSION_STARTED

    key = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    stamp = int(time.time()) - idle_minutes * 60
    session[SESSION_SEEN] = session[SESSION_STARTED] = stamp
    session.save()


def test_draft_survives_a_reload_and_an_expired_sign_in(tab, live_server):
    user = make_user("drafts@example.org", "Dee")
    first = tab()
    page = first.page
    sign_in(page, live_server.url, user.email, PASSWORD)
    first.go("/journal/new/")
    page.fill("#id_title", "Unsaved thoughts")
    page.fill("#id_body", "Words I must not lose 🌊")
    wait_for_draft(page, "Words I must not lose")
    page.reload()
    assert page.input_value("#id_body") == ""
    page.click("text=Restore it")
    assert page.input_value("#id_body") == "Words I must not lose 🌊"

    # The sign-in expires while the person keeps typing; saving sends them to sign in again.
    page.fill("#id_body", "Words I must not lose 🌊 and a few more")
    wait_for_draft(page, "and a few more")
    expire_session(first.context)
    page.click("text=Save entry")
    page.wait_for_url("**/accounts/login/**")
    assert "kept as a draft" in page.content()
    assert not Entry.objects.filter(owner=user).exists()
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/journal/new/**")
    page.click("text=Restore it")
    assert page.input_value("#id_title") == "Unsaved thoughts"
    assert page.input_value("#id_body") == "Words I must not lose 🌊 and a few more"
    page.click("text=Save entry")
    page.wait_for_url("**/journal/entries/*/**")
    assert Entry.objects.get(owner=user).body == "Words I must not lose 🌊 and a few more"
    # Once the server confirmed the save, the draft is gone.
    first.go("/journal/new/")
    assert page.locator("[data-restore-panel]").is_hidden()


def test_a_draft_restores_the_whole_form(tab, live_server):
    from intentions.models import Intention
    from journal.models import TreatmentSession
    from journal.prompts import PROMPTS

    user = make_user("whole@example.org", "Wes")
    session = TreatmentSession.objects.create(owner=user, number=4, date="2025-03-01T10:00Z")
    rest = Intention.objects.create(owner=user, title="Rest more")
    Intention.objects.create(owner=user, title="Call my sister")
    one = tab()
    page = one.page
    sign_in(page, live_server.url, user.email, PASSWORD)
    one.go("/journal/new/")
    page.select_option("#id_phase", "during")
    page.select_option("#id_session", str(session.pk))
    page.fill("#id_title", "In the chair")
    page.fill("#id_body", "Colours, then quiet.")
    page.check("input[name=emotions][value=calm]")
    page.check("input[name=emotions][value=tender]")
    page.fill("#id_other_emotions", "awe")
    page.fill("#id_insight", "I can rest.")
    page.fill("#id_theme_names", "body, 🌊")
    page.check(f"input[name=intentions][value='{rest.pk}']")
    wait_for_draft(page, "I can rest.")
    page.reload()
    assert page.input_value("#id_phase") == "free"
    assert not page.is_checked("input[name=emotions][value=calm]")
    assert page.locator("[data-restore-newer]").is_hidden()  # a new entry has no newer version
    page.click("text=Restore it")
    assert page.input_value("#id_phase") == "during"
    assert page.input_value("#id_session") == str(session.pk)
    assert page.input_value("#id_title") == "In the chair"
    assert page.is_checked("input[name=emotions][value=calm]")
    assert page.is_checked("input[name=emotions][value=tender]")
    assert not page.is_checked("input[name=emotions][value=sad]")
    assert page.input_value("#id_other_emotions") == "awe"
    assert page.input_value("#id_insight") == "I can rest."
    assert page.input_value("#id_theme_names") == "body, 🌊"
    assert page.is_checked(f"input[name=intentions][value='{rest.pk}']")
    # The prompt follows the restored phase, as if the person had chosen it.
    assert page.text_content("[data-prompt-text]") == PROMPTS["during"][0]
    page.click("text=Save entry")
    page.wait_for_url("**/journal/entries/*/**")
    entry = Entry.objects.get(owner=user)
    assert (entry.phase, entry.session, entry.title) == ("during", session, "In the chair")
    assert entry.emotions == ["calm", "tender", "awe"]
    assert sorted(t.name for t in entry.themes.all()) == ["body", "🌊"]
    assert list(entry.intentions.all()) == [rest]


def test_an_old_draft_never_silently_overwrites_a_newer_save(tab, live_server):
    user = make_user("stale@example.org", "Sam")
    entry = Entry.objects.create(owner=user, title="Morning", body="first version", body_html="")
    laptop, phone = tab(), tab()
    for each in (laptop, phone):
        sign_in(each.page, live_server.url, user.email, PASSWORD)
    edit = f"/journal/entries/{entry.pk}/edit/"
    # On the laptop the person changes the text and ticks a feeling, then the laptop crashes.
    laptop.go(edit)
    laptop.page.fill("#id_body", "laptop words")
    laptop.page.check("input[name=emotions][value=hopeful]")
    wait_for_draft(laptop.page, "laptop words")
    # Meanwhile the entry is saved from the phone.
    phone.go(edit)
    phone.page.fill("#id_body", "phone words")
    phone.page.click("text=Save entry")
    phone.page.wait_for_url("**/journal/entries/*/**")
    # Back on the laptop: the form shows the newer version and offers the draft, saying so.
    page = laptop.go(edit)
    assert page.input_value("#id_body") == "phone words"
    assert page.locator("[data-restore-newer]").is_visible()
    page.click("text=Restore it")
    assert page.input_value("#id_body") == "laptop words"
    assert page.is_checked("input[name=emotions][value=hopeful]")
    page.click("text=Save entry")
    # Saving meets the newer version as a conflict: both texts shown, nothing overwritten.
    page.get_by_text("changed in another window").first.wait_for()  # the answer to the POST
    assert "changed in another window" in page.content()
    assert "phone words" in page.content()
    assert page.input_value("#id_body") == "laptop words"
    assert page.is_checked("input[name=emotions][value=hopeful]")
    entry.refresh_from_db()
    assert (entry.body, entry.version) == ("phone words", 2)
    # Saving again, having seen both, is the person's choice.
    page.click("text=Save entry")
    page.wait_for_url("**/journal/entries/*/**")
    entry.refresh_from_db()
    assert (entry.body, entry.emotions, entry.version) == ("laptop words", ["hopeful"], 3)


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
    follow(two.page, "text=Save entry")
    content = two.page.content()
    assert "changed in another window" in content
    assert "written in tab one" in content
    assert two.page.input_value("#id_body") == "written in tab two"
    entry.refresh_from_db()
    assert entry.body == "written in tab one"
    # Having seen both, the person merges them and saves on purpose.
    two.page.fill("#id_body", "written in tab one\n\nwritten in tab two")
    two.page.click("text=Save entry")
    two.page.wait_for_url("**/journal/entries/*/**")
    entry.refresh_from_db()
    # (Browsers send a textarea's line breaks as CRLF.)
    assert entry.body.replace("\r\n", "\n") == "written in tab one\n\nwritten in tab two"


def test_phone_layout_has_no_horizontal_scroll(tab, live_server):
    user = make_user("phone@example.org", "Pat")
    phone = tab(viewport=PHONE)
    sign_in(phone.page, live_server.url, user.email, PASSWORD)
    for path in (
        "/",
        "/journal/new/",
        "/practices/",
        "/practices/check-in/",
        "/measures/phq9/take/",
    ):
        page = phone.go(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
    # The practices heat map is wider than a phone: it scrolls inside its own box instead.
    page = phone.go("/practices/")
    wrap = page.locator(".table-wrap:has(.heatmap)")
    assert wrap.evaluate("box => box.scrollWidth > box.clientWidth")
