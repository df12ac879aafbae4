"""Journal v2's whole promise, on a phone (390×844, touch, Chromium's fake microphone): a patient
dates an entry to last night, draws on the pad and adds the drawing, records a one-minute voice
note and adds it, finds the entry on the calendar day of last night and shares it; the therapist
sees the drawing and hears the voice note; the PDF report holds both; export then import into a
fresh account keeps both; and another patient gets 404 for every file URL.

The browser does what is about the browser; the report, the archive and the stranger go through
the HTTP client."""

import datetime as dt
import io
import time
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from care.models import AccessEvent, CareLink, CareTeamMember, Clinic, Membership
from journal.models import Attachment, Entry
from journal.storage import attachment_storage
from mydata.export import build_export_zip
from tests.e2e.conftest import PHONE, SCREENSHOTS, Page, follow, sign_in
from tests.e2e.test_drawing import draw_with, ink
from tests.helpers import PASSWORD, client_for, enable_totp, make_user
from tests.mydata.test_import import import_archive
from tests.reports.test_report_attachments import images_in, pdf_of
from tests.reports.test_reports import request_report

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ZONE = "Europe/Berlin"
VOICE_SECONDS = 60


def file_urls(attachment) -> list[str]:
    urls = [reverse("care:attachment_file", args=[attachment.pk])]
    if attachment.thumbnail:
        urls.append(reverse("care:attachment_thumbnail", args=[attachment.pk]))
    return urls


def test_last_nights_drawing_and_voice_note_from_a_phone_to_the_care_team_and_back(
    media_browser, live_server
):
    base = live_server.url
    therapist = make_user("dr.moss@example.org", "Dr. Moss")
    secret = enable_totp(therapist)
    clinic = Clinic.objects.create(name="Harbour Clinic")
    Membership.objects.create(clinic=clinic, user=therapist, role=Membership.Role.THERAPIST)
    patient = make_user("nora@example.org", "Nora", time_zone=ZONE)
    link = CareLink.objects.create(patient=patient, clinic=clinic)
    CareTeamMember.objects.create(link=link, therapist=therapist)
    stranger = make_user("sam@example.org", "Sam")

    last_night = timezone.now().astimezone(zoneinfo.ZoneInfo(ZONE)).date() - dt.timedelta(days=1)
    phone = Page(
        media_browser, base, viewport=PHONE, has_touch=True, is_mobile=True, timezone_id=ZONE
    )
    phone.context.grant_permissions(["microphone"])
    doctor = Page(media_browser, base, timezone_id=ZONE)
    page = phone.page
    try:
        # 1. Writes an entry dated last night.
        sign_in(page, base, patient.email, PASSWORD)
        phone.go("/journal/new/")
        page.fill("#id_title", "The dream after the session")
        page.fill("#id_body", "A house by the sea, and my grandmother laughing.")
        page.fill("#id_happened_at", f"{last_night.isoformat()}T22:30")
        follow(page, "text=Save entry")
        entry = Entry.objects.get(owner=patient)
        local = timezone.localtime(entry.happened_at, zoneinfo.ZoneInfo(ZONE))
        assert (local.date(), local.hour, local.minute) == (last_night, 22, 30)
        assert page.url.startswith(base + entry.get_absolute_url())

        # 2. Draws with a finger, describes it and adds it.
        page.tap("label[for=draw-colour-blue]")
        page.tap("label[for=draw-size-thick]")
        draw_with(page, [(0.1, 0.7), (0.3, 0.4), (0.5, 0.7), (0.7, 0.4), (0.9, 0.7)], "touch")
        draw_with(page, [(0.75, 0.2), (0.8, 0.15), (0.85, 0.2)], "touch")
        assert ink(page) > 0
        page.fill("#id_alt_text", "Waves, and a gull above them")
        follow(page, "[data-draw-add]")
        assert "The drawing is added to this entry." in page.content()

        # 3. Records a one-minute voice note of the moment and adds it.
        page.tap("[data-recorder-start]")
        page.wait_for_function(
            "() => document.querySelector('[data-recorder-time]').textContent !== '0:00'",
            timeout=8000,
        )
        time.sleep(VOICE_SECONDS - 1)
        page.wait_for_function(
            "() => document.querySelector('[data-recorder-time]').textContent.startsWith('1:')",
            timeout=5000,
        )
        page.tap("[data-recorder-stop]")
        page.wait_for_selector("[data-recorder-playback]:not([hidden])")
        follow(page, "[data-attachment-form] button[type=submit]")
        assert "The voice note is added to this entry." in page.content()
        drawing = Attachment.objects.get(entry=entry, kind="photo")
        voice = Attachment.objects.get(entry=entry, kind="audio")
        assert drawing.content_type == "image/png"
        assert drawing.alt_text == "Waves, and a gull above them"
        assert voice.duration == pytest.approx(VOICE_SECONDS, abs=2)
        assert "Voice note, 1 min" in page.text_content(".attachment--audio")
        page.wait_for_function(
            "() => { const img = document.querySelector('.attachment__photo img');"
            " return img && img.complete && img.naturalWidth > 0; }"
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # A tired thumb can hit "Describe or remove" and the file field's button (44px).
        for target in (".attachment__edit summary", "input[type=file]"):
            assert page.locator(target).first.bounding_box()["height"] >= 44, target
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "entry-attachments-phone.png", full_page=True)

        # 4. Finds it on the calendar, on last night's day.
        phone.go(f"/journal/calendar/{last_night.year}/{last_night.month}/")
        day = reverse(
            "journal:calendar_day", args=[last_night.year, last_night.month, last_night.day]
        )
        link_to_day = page.locator(f".calendar__link[href='{day}']")
        assert "1" in link_to_day.text_content()
        with page.expect_navigation():
            link_to_day.tap()
        assert "The dream after the session" in page.text_content("main")
        # Its card on the day says what it holds, in words, readable on the phone.
        card = page.locator(".entry-card:has-text('The dream after the session')")
        media = card.locator(".entry-card__media")
        assert media.text_content().strip() == "1 photo · 1 voice note"
        assert media.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=SCREENSHOTS / "calendar-day-phone.png", full_page=True)

        # 5. Shares it with the therapist.
        phone.go(entry.get_absolute_url())
        page.check("input[name=recipient]")
        follow(page, "text=Save sharing")
        assert "Shared with" in page.content()

        # 6. The therapist sees the drawing and plays the voice note.
        t_page = doctor.page
        sign_in(t_page, base, therapist.email, PASSWORD, totp_secret=secret)
        doctor.go(reverse("care:patient_entry", args=[patient.pk, entry.pk]))
        t_page.wait_for_function(
            "() => { const img = document.querySelector('.attachment__photo img');"
            " return img && img.complete && img.naturalWidth > 0; }"
        )
        assert t_page.get_attribute(".attachment__photo img", "alt") == (
            "Waves, and a gull above them"
        )
        assert "Voice note, 1 min" in t_page.text_content(".attachment--audio")
        t_page.evaluate("document.querySelector('.attachment__audio').play()")
        t_page.wait_for_function(
            "() => document.querySelector('.attachment__audio').currentTime > 0", timeout=8000
        )
        opened = t_page.request.get(base + reverse("care:attachment_file", args=[drawing.pk]))
        assert opened.status == 200 and opened.headers["content-type"] == "image/png"
        assert AccessEvent.objects.filter(actor=therapist, patient=patient).exists()
        t_page.screenshot(path=SCREENSHOTS / "shared-entry-therapist-desktop.png", full_page=True)
    finally:
        problems = list(phone.problems) + list(doctor.problems)
        phone.close()
        doctor.close()
    assert problems == [], problems

    # 7. The PDF report holds the drawing (as an image, with its description) and the voice note.
    nora = client_for(patient)
    report = request_report(nora, reverse("reports:create"), entries=[entry])
    reader = pdf_of(nora, report)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "The dream after the session" in text
    assert "Waves, and a gull above them" in text
    assert "Voice note, 1 min" in text
    assert images_in(reader) > 0

    # 8. Export, then import into a fresh account: both attachments, with their files.
    fresh = make_user("nora.new@example.org", "Nora")
    response = import_archive(client_for(fresh), build_export_zip(patient))
    assert response.status_code == 200 and "2 photos and voice notes" in response.text
    copies = {a.kind: a for a in Attachment.objects.filter(owner=fresh)}
    assert set(copies) == {"photo", "audio"}
    assert copies["photo"].entry.happened_at == entry.happened_at
    assert copies["photo"].alt_text == "Waves, and a gull above them"
    image = Image.open(io.BytesIO(attachment_storage.open(copies["photo"].file.name).read()))
    assert (image.format, image.size) == ("PNG", (1200, 900))
    assert attachment_storage.open(copies["audio"].file.name).read() == (
        attachment_storage.open(voice.file.name).read()
    )
    assert copies["audio"].duration == pytest.approx(voice.duration, abs=0.5)
    fresh_client = client_for(fresh)
    for copy in copies.values():
        assert fresh_client.get(file_urls(copy)[0]).status_code == 200

    # 9. Another patient gets 404 for every file URL, the originals and the copies.
    sam = client_for(stranger)
    for attachment in (drawing, voice, *copies.values()):
        for url in file_urls(attachment):
            assert sam.get(url).status_code == 404, url
    assert len(file_urls(drawing)) == 2  # the drawing's thumbnail was tried too
