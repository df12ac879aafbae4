"""Photos print as images in the PDF and voice notes as "Voice note, 2 min"; the therapist's
report holds only the shared entry's."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from journal.attachments import prepare, store
from reports.models import ReportFile
from tests.helpers import client_for
from tests.journal import media
from tests.reports.test_reports import SHARED, request_report

pytestmark = pytest.mark.django_db


def pdf_of(client, report_file) -> PdfReader:
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.READY, report_file.error
    response = client.get(reverse("reports:download", args=[report_file.pk]))
    return PdfReader(io.BytesIO(response.content))


def images_in(reader: PdfReader) -> int:
    return sum(len(page.images) for page in reader.pages)


def test_the_shared_entrys_photo_and_voice_note_are_in_the_therapists_pdf(world):
    store(world.entry, prepare(media.photo("JPEG", size=(800, 600))), alt_text="A heron")
    store(world.entry, prepare(media.mp3(125)))
    store(world.private_entry, prepare(media.photo("PNG")), alt_text="Private photo")
    client = client_for(world.therapist)
    url = reverse("reports:create_for", args=[world.alice.pk])
    reader = pdf_of(client, request_report(client, url, entries=[world.entry], sections=SHARED))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Voice note, 2 min" in text
    assert "A heron" in text and "Private photo" not in text
    assert images_in(reader) > 0  # the heron (pypdf may list its parts as several)


def test_an_entry_without_attachments_prints_no_image(world):
    client = client_for(world.alice)
    reader = pdf_of(
        client, request_report(client, reverse("reports:create"), entries=[world.entry])
    )
    assert images_in(reader) == 0
