"""Attachments in the export zip, back through the import (their bytes checked again), and gone
from storage when their entry is purged from the trash or the account is erased."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.utils import timezone
from PIL import Image

from journal.attachments import prepare, store
from journal.models import Attachment
from journal.storage import attachment_storage
from mydata.export import build_export_zip
from mydata.models import PendingImport
from mydata.tasks import erase_user, purge_expired
from tests.care.conftest import make_entry
from tests.helpers import client_for
from tests.journal import media
from tests.mydata.test_import import import_archive, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(people):
    entry = make_entry(people.alice, title="Heron day")
    photo = store(entry, prepare(media.photo("JPEG", size=(120, 90))), alt_text="A grey heron")
    voice = store(entry, prepare(media.mp3(90)))
    return entry, photo, voice


def members(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_the_export_holds_the_files_and_describes_them(people, journal):
    entry, photo, voice = journal
    files = members(build_export_zip(people.alice))
    data = json.loads(files["journal.json"])
    assert data["version"] == 2
    rows = {row["id"]: row for row in data["attachments"]}
    assert rows[str(photo.pk)]["alt_text"] == "A grey heron"
    assert rows[str(voice.pk)]["entry"] == str(entry.pk)
    assert files[rows[str(photo.pk)]["file"]] == attachment_storage.open(photo.file.name).read()
    assert files[rows[str(voice.pk)]["file"]] == attachment_storage.open(voice.file.name).read()


def test_export_then_import_keeps_the_files(people, journal, django_capture_on_commit_callbacks):
    _, photo, voice = journal
    archive = build_export_zip(people.alice)
    client = client_for(people.charlie)
    with django_capture_on_commit_callbacks(execute=True):
        response = import_archive(client, archive)
    assert response.status_code == 200 and "2 photos and voice notes" in response.text
    imported = {a.kind: a for a in Attachment.objects.filter(owner=people.charlie)}
    assert imported["audio"].duration == pytest.approx(90, abs=1)
    assert attachment_storage.open(imported["audio"].file.name).read() == (
        attachment_storage.open(voice.file.name).read()
    )
    image = Image.open(attachment_storage.open(imported["photo"].file.name))
    assert image.size == (120, 90) and imported["photo"].alt_text == "A grey heron"
    assert imported["photo"].entry.owner == people.charlie
    page = client.get(imported["photo"].entry.get_absolute_url())
    assert 'alt="A grey heron"' in page.text
    # The kept zip is gone with the confirmed import; importing again adds nothing.
    assert not PendingImport.objects.exists()
    assert not attachment_storage.exists(f"imports/{people.charlie.pk}") or not any(
        attachment_storage.listdir(f"imports/{people.charlie.pk}")[1]
    )
    again = import_archive(client, archive)
    assert "already in your account" in again.text
    assert Attachment.objects.filter(owner=people.charlie).count() == 2


def test_a_file_swapped_in_the_archive_is_checked_again_and_skipped(people, journal):
    _, photo, _ = journal
    files = members(build_export_zip(people.alice))
    data = json.loads(files["journal.json"])
    row = next(r for r in data["attachments"] if r["id"] == str(photo.pk))
    files[row["file"]] = b"<html><script>alert(1)</script></html>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    response = import_archive(client_for(people.charlie), buffer.getvalue())
    assert response.status_code == 200
    assert "was not imported: This file is not a photo or voice note" in response.text
    assert list(Attachment.objects.filter(owner=people.charlie).values_list("kind", flat=True)) == [
        "audio"
    ]


def test_an_attachment_row_without_its_file_or_entry_is_skipped(people, journal):
    files = members(build_export_zip(people.alice))
    data = json.loads(files["journal.json"])
    data["attachments"][0]["file"] = "attachments/missing.jpg"
    data["attachments"][1]["entry"] = "00000000-0000-0000-0000-000000000000"
    files["journal.json"] = json.dumps(data).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    response = import_archive(client_for(people.charlie), buffer.getvalue())
    assert "its file is missing from the archive" in response.text
    assert "its entry is not in this account" in response.text
    assert not Attachment.objects.filter(owner=people.charlie).exists()


def test_a_version_1_export_still_imports(people):
    make_entry(people.alice, title="Old")
    files = members(build_export_zip(people.alice))
    data = json.loads(files["journal.json"])
    data["version"] = 1
    data.pop("attachments")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("journal.json", json.dumps(data))
    assert upload(client_for(people.charlie), buffer.getvalue()).status_code == 302


def test_purging_the_trash_deletes_the_files(people, journal, django_capture_on_commit_callbacks):
    entry, photo, voice = journal
    names = [photo.file.name, photo.thumbnail.name, voice.file.name]
    entry.deleted_at = timezone.now() - dt.timedelta(days=31)
    entry.save()
    with django_capture_on_commit_callbacks(execute=True):
        purge_expired()
    assert not Attachment.objects.exists()
    assert not any(attachment_storage.exists(n) for n in names)


def test_erasing_the_account_deletes_the_files(people, journal, django_capture_on_commit_callbacks):
    _, photo, voice = journal
    names = [photo.file.name, photo.thumbnail.name, voice.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        erase_user(people.alice)
    assert not Attachment.objects.exists()
    assert not any(attachment_storage.exists(n) for n in names)
