"""Day One photos become attachments of their entries, through the checks of an upload: the
preview counts them, the confirm stores them re-encoded without EXIF, limits and damaged files
are skipped with a reason, importing again adds no copies, and a failed import leaves no file."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from PIL import Image

from journal.models import Attachment, Entry
from journal.storage import attachment_storage
from mydata.importers import common
from mydata.models import PendingImport
from tests.helpers import client_for
from tests.journal import media
from tests.mydata.importers.dayone_files import PHOTO_MD5, dayone_entry, dayone_zip

pytestmark = pytest.mark.django_db

UPLOAD = reverse("mydata:other_import_upload", args=["dayone"])
PNG_MD5 = "11112222333344445555666677778888"
BROKEN_MD5 = "99990000aaaabbbbccccddddeeeeffff"


def upload(client, content: bytes):
    file = io.BytesIO(content)
    file.name = "Export.zip"
    response = client.post(UPLOAD, {"file": file})
    assert response.status_code == 302, response.content.decode()[:500]
    return response.url


def with_photos(*photos, text="A morning by the water.", **fields) -> dict:
    """An entry whose `photos` are (md5, type) pairs, placed in the text as Day One does."""
    refs = [{"identifier": f"ID{md5[:8]}", "md5": md5, "type": kind} for md5, kind in photos]
    moments = "".join(f"![](dayone-moment://{ref['identifier']})\n\n" for ref in refs)
    return dayone_entry(text=f"{moments}{text}", photos=refs, tags=[], **fields)


def files_of(user) -> set[str]:
    """Every file the attachments storage holds for the person (the kept zips aside)."""
    if not attachment_storage.exists(str(user.pk)):
        return set()
    return set(attachment_storage.listdir(str(user.pk))[1])


def kept_zips(user) -> list[str]:
    folder = f"imports/{user.pk}"
    return attachment_storage.listdir(folder)[1] if attachment_storage.exists(folder) else []


def test_the_preview_counts_the_photos_that_will_be_added(people):
    entries = [
        with_photos((PHOTO_MD5, "jpeg"), (PHOTO_MD5, "jpeg"), uuid="A1"),  # listed twice: once
        with_photos((PNG_MD5, "png"), ("deadbeef", "jpeg"), uuid="A2"),  # one not in the zip
    ]
    alice = client_for(people.alice)
    url = upload(
        alice, dayone_zip({"J.json": entries}, {f"photos/{PNG_MD5}.png": media.photo("PNG")})
    )
    text = alice.get(url).content.decode()
    assert "Photos to add to their entries</th><td>2</td>" in text
    assert "1 photo named by an entry is not in the zip" in text
    assert not Attachment.objects.exists()  # nothing before the confirm
    assert len(kept_zips(people.alice)) == 1  # the zip waits in private storage


def test_confirming_attaches_the_photos_re_encoded_without_exif(people):
    png = media.photo("PNG", gps=True)
    entries = [with_photos((PHOTO_MD5, "jpeg"), (PNG_MD5, "png"), uuid="A1")]
    alice = client_for(people.alice)
    url = upload(alice, dayone_zip({"J.json": entries}, {f"photos/{PNG_MD5}.png": png}))
    report = alice.post(url)
    assert report.status_code == 200
    assert "2 photos" in report.context["report"].created_lines()
    entry = Entry.objects.get(owner=people.alice)
    assert "dayone-moment" not in entry.body and "dayone-moment" not in entry.body_html
    assert entry.body == "A morning by the water."
    first, second = entry.attachments.all()  # in the entry's order
    assert (first.kind, first.content_type, second.content_type) == (
        "photo",
        "image/jpeg",
        "image/png",
    )
    jpeg = Image.open(attachment_storage.open(first.file.name))
    assert jpeg.format == "JPEG" and jpeg.size == (64, 48)
    assert not jpeg.getexif().get_ifd(0x8825) and 0x010F not in jpeg.getexif()  # no GPS, no make
    stored_png = Image.open(attachment_storage.open(second.file.name))
    assert stored_png.format == "PNG" and "Location" not in stored_png.info
    assert first.thumbnail and attachment_storage.exists(first.thumbnail.name)
    assert first.size == first.file.size + first.thumbnail.size
    page = alice.get(reverse("journal:entry_detail", args=[entry.pk])).content.decode()
    assert str(first.pk) in page and str(second.pk) in page  # in the entry's gallery


def test_a_damaged_or_unreadable_photo_is_skipped_with_a_reason(people):
    entries = [with_photos((BROKEN_MD5, "jpeg"), (PHOTO_MD5, "jpeg"), uuid="A1")]
    extra = {f"photos/{BROKEN_MD5}.jpeg": b"\xff\xd8\xff\xe0 half a photo"}
    alice = client_for(people.alice)
    report = alice.post(upload(alice, dayone_zip({"J.json": entries}, extra)))
    assert report.status_code == 200
    text = report.content.decode()
    assert "A photo of the entry of 2024-03-01 was not imported: This file is not a photo" in text
    assert Attachment.objects.filter(owner=people.alice).count() == 1
    assert Entry.objects.filter(owner=people.alice).count() == 1


def test_a_video_in_the_photos_folder_is_not_a_photo(people):
    entries = [with_photos((PHOTO_MD5, "jpeg"), uuid="A1")]
    alice = client_for(people.alice)
    report = alice.post(upload(alice, dayone_zip({"J.json": entries}, photo_bytes=media.mp3())))
    assert "was not imported: its file is not a photo." in report.content.decode()
    assert not Attachment.objects.exists()


def test_photos_past_the_entrys_limit_are_skipped(people, settings):
    settings.ATTACHMENTS_PER_ENTRY = 1
    entries = [with_photos((PHOTO_MD5, "jpeg"), (PNG_MD5, "png"), uuid="A1")]
    extra = {f"photos/{PNG_MD5}.png": media.photo("PNG")}
    alice = client_for(people.alice)
    report = alice.post(upload(alice, dayone_zip({"J.json": entries}, extra)))
    assert "An entry can have up to 1 photos and voice notes" in report.content.decode()
    assert Attachment.objects.filter(owner=people.alice).count() == 1


def test_photos_past_the_accounts_room_or_the_file_limit_are_skipped(people, settings):
    settings.ATTACHMENTS_ACCOUNT_BYTES = 100
    alice = client_for(people.alice)
    report = alice.post(upload(alice, dayone_zip())).content.decode()
    assert "Your attachments use 0 MB of the 0 MB your account can hold" in report
    settings.ATTACHMENTS_ACCOUNT_BYTES = 10**9
    settings.ATTACHMENT_MAX_BYTES = 200
    entries = [with_photos((PHOTO_MD5, "jpeg"), uuid="B1")]
    report = alice.post(upload(alice, dayone_zip({"J.json": entries}))).content.decode()
    assert "This file is larger than 0 MB, the most one attachment can be" in report
    assert not Attachment.objects.exists()
    assert Entry.objects.filter(owner=people.alice).count() == 4  # the entries came all the same


def test_heic_photos_become_jpeg_or_are_skipped_when_unreadable(people, monkeypatch):
    entries = [with_photos((PHOTO_MD5, "heic"), uuid="A1")]
    extra = {f"photos/{PHOTO_MD5}.heic": media.heic()}
    alice = client_for(people.alice)
    alice.post(upload(alice, dayone_zip({"J.json": entries}, extra)))
    assert Attachment.objects.get(owner=people.alice).content_type == "image/jpeg"

    monkeypatch.setattr(common, "HEIC_SUPPORTED", False)
    bob = client_for(people.bob)
    report = bob.post(upload(bob, dayone_zip({"J.json": entries}, extra))).content.decode()
    assert "HEIC photos cannot be read on this server" in report
    assert not Attachment.objects.filter(owner=people.bob).exists()


def test_importing_the_same_zip_again_adds_no_photo_twice(people):
    alice = client_for(people.alice)
    alice.post(upload(alice, dayone_zip()))
    files = files_of(people.alice)
    assert Attachment.objects.filter(owner=people.alice).count() == 1
    again = upload(alice, dayone_zip())
    preview = alice.get(again).content.decode()
    assert "Photos to add to their entries" not in preview
    report = alice.post(again).content.decode()
    assert "3 journal entries were already in your account." in report
    assert "1 photo was already in your account." in report
    assert Attachment.objects.filter(owner=people.alice).count() == 1
    assert files_of(people.alice) == files


def test_an_entry_of_photos_only_is_imported_with_a_title(people):
    entries = [with_photos((PHOTO_MD5, "jpeg"), text="", uuid="A1")]
    alice = client_for(people.alice)
    alice.post(upload(alice, dayone_zip({"J.json": entries})))
    entry = Entry.objects.get(owner=people.alice)
    assert (entry.title, entry.body, entry.attachments.count()) == ("Photo", "", 1)


def test_a_failed_import_keeps_no_row_and_no_file(people, monkeypatch):
    alice = client_for(people.alice)
    url = upload(alice, dayone_zip())

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(common, "dropped_lines", fail)  # after every photo is stored
    with pytest.raises(RuntimeError):
        alice.post(url)
    assert not Entry.objects.exists() and not Attachment.objects.exists()
    assert files_of(people.alice) == set()
    assert PendingImport.objects.filter(owner=people.alice).count() == 1  # confirm again later
    assert len(kept_zips(people.alice)) == 1


def test_the_kept_zip_leaves_storage_with_the_confirm(people, django_capture_on_commit_callbacks):
    alice = client_for(people.alice)
    url = upload(alice, dayone_zip())
    with django_capture_on_commit_callbacks(execute=True):
        alice.post(url)
    assert kept_zips(people.alice) == []
    assert Attachment.objects.filter(owner=people.alice).count() == 1


def test_a_zip_without_photos_is_not_kept_and_a_lost_zip_skips_the_photos(people):
    alice = client_for(people.alice)
    upload(alice, dayone_zip({"J.json": [dayone_entry()]}))
    assert PendingImport.objects.get().archive_name == ""
    PendingImport.objects.all().delete()
    url = upload(alice, dayone_zip())
    attachment_storage.delete(PendingImport.objects.get().archive_name)
    report = alice.post(url)
    assert report.status_code == 200
    assert any(
        "the zip's photos were not kept" in line for line in report.context["report"].skipped
    )
    assert Entry.objects.filter(owner=people.alice).count() == 3


def test_the_photo_lines_read_in_spanish(people):
    people.alice.language = "es"
    people.alice.save(update_fields=["language"])
    entries = [with_photos((BROKEN_MD5, "jpeg"), (PHOTO_MD5, "jpeg"), uuid="A1")]
    extra = {f"photos/{BROKEN_MD5}.jpeg": b"not a photo"}
    alice = client_for(people.alice)
    url = upload(alice, dayone_zip({"J.json": entries}, extra))
    assert "Fotos que se añadirán a sus entradas" in alice.get(url).content.decode()
    report = alice.post(url).context["report"]
    assert "1 foto" in report.created_lines()
    assert any(
        line.startswith("Una foto de la entrada del 2024-03-01 no se importó")
        for line in report.skipped
    )


def test_photos_left_out_by_time_or_limits_come_with_the_next_import(people, monkeypatch, settings):
    monkeypatch.setattr(common, "PHOTO_SECONDS", -1)
    alice = client_for(people.alice)
    report = alice.post(upload(alice, dayone_zip()))
    assert report.status_code == 200
    assert "1 photo was not imported: the import had taken as long as one can. Import the same" in (
        report.content.decode()
    )
    assert not Attachment.objects.exists()
    assert Entry.objects.filter(owner=people.alice).count() == 3

    monkeypatch.setattr(common, "PHOTO_SECONDS", 40)
    again = upload(alice, dayone_zip())
    preview = alice.get(again).content.decode()
    assert "Photos to add to their entries</th><td>1</td>" in preview
    assert "Add 1 photo to its entry" in preview
    report = alice.post(again).context["report"]
    assert report.created_lines() == ["1 photo"]
    entry = Entry.objects.get(owner=people.alice, title="After the first session")
    assert entry.attachments.count() == 1
    # A third time: nothing left to bring.
    third = upload(alice, dayone_zip())
    assert "Everything in this file is in your account already" in alice.get(third).content.decode()
    alice.post(third)
    assert Attachment.objects.filter(owner=people.alice).count() == 1


def test_an_entry_in_the_trash_gets_no_photos_from_a_new_import(people, settings):
    settings.ATTACHMENTS_PER_ENTRY = 0
    alice = client_for(people.alice)
    alice.post(upload(alice, dayone_zip()))
    assert not Attachment.objects.exists()
    settings.ATTACHMENTS_PER_ENTRY = 10
    Entry.objects.filter(owner=people.alice).update(deleted_at=dt.datetime.now(dt.UTC))
    again = upload(alice, dayone_zip())
    assert "Photos to add to their entries" not in alice.get(again).content.decode()
    alice.post(again)
    assert not Attachment.objects.exists()
