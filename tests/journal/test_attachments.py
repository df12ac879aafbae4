"""Photos, drawings and voice notes on an entry: adding each kind, what is refused and why,
EXIF/GPS gone, thumbnails, limits, removing, and the entry page's query count."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from journal.attachments import MAX_PIXELS, prepare, store
from journal.models import Attachment
from journal.storage import attachment_storage
from tests.care.conftest import make_entry
from tests.helpers import client_for, query_count
from tests.journal import media

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(people):
    return make_entry(people.alice, title="By the river", body="What I saw")


def upload(client, entry, data: bytes, name: str, **extra):
    return client.post(
        reverse("journal:attachment_add", args=[entry.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream"), **extra},
    )


@pytest.mark.parametrize(
    ("make", "name", "kind", "content_type"),
    [
        (lambda: media.photo("JPEG"), "river.jpg", "photo", "image/jpeg"),
        (lambda: media.photo("PNG"), "drawing.png", "photo", "image/png"),
        (lambda: media.photo("WEBP"), "river.webp", "photo", "image/webp"),
        (media.heic, "IMG_0001.HEIC", "photo", "image/jpeg"),
        (media.webm, "voice-note.webm", "audio", "audio/webm"),
        (media.ogg_opus, "note.opus", "audio", "audio/ogg"),
        (media.m4a, "note.m4a", "audio", "audio/mp4"),
        (media.mp3, "note.mp3", "audio", "audio/mpeg"),
    ],
)
def test_each_kind_is_added_and_served_to_its_owner(people, entry, make, name, kind, content_type):
    client = client_for(people.alice)
    response = upload(client, entry, make(), name, alt_text="The bend in the river")
    assert response.status_code == 302, response.content[:2000]
    attachment = Attachment.objects.get(entry=entry)
    assert (attachment.kind, attachment.content_type) == (kind, content_type)
    assert attachment_storage.exists(attachment.file.name)
    assert name.split(".")[0] not in attachment.file.name  # the uploaded name is not kept
    served = client.get(reverse("care:attachment_file", args=[attachment.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in served["Cache-Control"] and "private" in served["Cache-Control"]
    assert served["Content-Disposition"] == f'inline; filename="{attachment.download_name}"'
    assert (
        b"".join(served.streaming_content) == attachment_storage.open(attachment.file.name).read()
    )
    page = client.get(entry.get_absolute_url())
    if kind == "photo":
        assert attachment.thumbnail and attachment.alt_text == "The bend in the river"
        assert reverse("care:attachment_thumbnail", args=[attachment.pk]) in page.text
        assert 'alt="The bend in the river"' in page.text
    else:
        assert not attachment.thumbnail and attachment.alt_text == ""
        assert "<audio controls" in page.text


def test_durations_are_read_from_the_file_or_the_recorder(people, entry):
    client = client_for(people.alice)
    upload(client, entry, media.mp3(seconds=130), "a.mp3")
    upload(client, entry, media.webm(), "b.webm", recorded_seconds="42.4")
    mp3, webm = Attachment.objects.filter(entry=entry).order_by("created")
    assert mp3.duration == pytest.approx(130, abs=1)
    assert mp3.duration_label == "voice note, 2 min"
    assert webm.duration_label == "voice note, 42 s"
    assert "Voice note, 2 min" in client.get(entry.get_absolute_url()).text


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<script>alert(1)</script>", "photo.jpg"),
        (b"%PDF-1.7 not a photo", "river.png"),
        (media.photo("GIF"), "river.jpg"),
        (media.photo("BMP"), "note.mp3"),
        (b"\xff\xd8\xff\xe0" + b"broken jpeg" * 10, "broken.jpg"),
        (b"OggS" + b"\x00" * 40, "broken.ogg"),
        (b"\x00\x00\x00\x20ftypisom" + b"\x00" * 40, "video.m4a"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_with_a_message(people, entry, data, name):
    client = client_for(people.alice)
    response = upload(client, entry, data, name, alt_text="kept in the form")
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.text
    assert (
        "could not be read" in response.text
        or "not a photo" in response.text
        or "no sound" in response.text
    )
    assert 'value="kept in the form"' in response.text  # what was typed stays
    assert not Attachment.objects.exists()


def test_exif_and_gps_are_gone_and_the_photo_is_turned_upright(people, entry):
    original = media.photo("JPEG", size=(80, 40), gps=True, orientation=6)  # turned 90° right
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS is there
    client = client_for(people.alice)
    assert upload(client, entry, original, "gps.jpg").status_code == 302
    attachment = Attachment.objects.get()
    stored = attachment_storage.open(attachment.file.name).read()
    image = Image.open(io.BytesIO(stored))
    assert dict(image.getexif()) == {}
    assert b"PhoneMaker" not in stored and b"Exif" not in stored
    assert image.size == (40, 80)  # upright: the orientation was applied before it was dropped
    assert (attachment.width, attachment.height) == (40, 80)
    assert image.getpixel((35, 2))[0] > 200  # the red corner moved to the top right


def test_png_text_chunks_are_dropped(people, entry):
    client = client_for(people.alice)
    assert upload(client, entry, media.photo("PNG", gps=True), "map.png").status_code == 302
    stored = attachment_storage.open(Attachment.objects.get().file.name).read()
    assert b"51.5N" not in stored and Image.open(io.BytesIO(stored)).text == {}


def test_a_thumbnail_is_made_small(people, entry):
    client = client_for(people.alice)
    assert (
        upload(client, entry, media.photo("JPEG", size=(2000, 1500)), "big.jpg").status_code == 302
    )
    attachment = Attachment.objects.get()
    thumb = Image.open(attachment_storage.open(attachment.thumbnail.name))
    assert thumb.format == "WEBP" and max(thumb.size) == 480
    served = client.get(reverse("care:attachment_thumbnail", args=[attachment.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/webp"
    assert attachment.size == attachment.file.size + attachment.thumbnail.size


def test_a_12_megapixel_photo_works():
    prepared = prepare(media.photo("JPEG", size=(4032, 3024)))
    assert (prepared.width, prepared.height) == (4032, 3024)
    assert prepared.thumbnail


def test_a_decompression_bomb_is_refused_before_it_is_decoded(people, entry):
    # A PNG header claiming 20,000 × 20,000 pixels (400 MP) in a few hundred bytes.
    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(bomb, "PNG")
    assert MAX_PIXELS < 20_000 * 20_000 and len(bomb.getvalue()) < 200_000
    client = client_for(people.alice)
    response = upload(client, entry, bomb.getvalue(), "bomb.png")
    assert response.status_code == 400
    assert "megapixels" in response.text
    assert not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(people, entry, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client = client_for(people.alice)
    response = upload(
        client, entry, media.photo("PNG", size=(300, 300), colour="red") + bytes(2000), "a.png"
    )
    assert response.status_code == 400
    assert "larger than" in response.text


def test_an_entry_holds_at_most_the_limit(people, entry, settings):
    settings.ATTACHMENTS_PER_ENTRY = 2
    client = client_for(people.alice)
    for _ in range(2):
        assert upload(client, entry, media.photo(), "a.jpg").status_code == 302
    response = upload(client, entry, media.photo(), "a.jpg")
    assert response.status_code == 400 and "up to 2 photos" in response.text
    assert Attachment.objects.count() == 2
    page = client.get(entry.get_absolute_url())
    assert "as many as one entry can hold" in page.text


def test_an_account_holds_at_most_its_bytes(people, entry, settings):
    client = client_for(people.alice)
    assert upload(client, entry, media.photo(), "a.jpg").status_code == 302
    settings.ATTACHMENTS_ACCOUNT_BYTES = Attachment.objects.get().size + 10
    response = upload(client, make_entry(people.alice), media.photo(), "b.jpg")
    assert response.status_code == 400 and "does not fit" in response.text
    assert Attachment.objects.count() == 1


def test_no_file_gets_a_message_not_an_error(people, entry):
    response = client_for(people.alice).post(reverse("journal:attachment_add", args=[entry.pk]))
    assert response.status_code == 400 and "Choose a photo or voice note first." in response.text


def test_describing_a_photo(people, entry):
    attachment = store(entry, prepare(media.photo()))
    client = client_for(people.alice)
    url = reverse("journal:attachment_describe", args=[attachment.pk])
    assert client.post(url, {"alt_text": "Two herons"}).status_code == 302
    attachment.refresh_from_db()
    assert attachment.alt_text == "Two herons"
    response = client.post(url, {"alt_text": "x" * 301})
    assert response.status_code == 400 and "at most 300" in response.text
    assert client_for(people.bob).post(url, {"alt_text": "mine"}).status_code == 404
    assert client.get(url).status_code == 405


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_removing_deletes_the_files_once_committed(people, entry):
    attachment = store(entry, prepare(media.photo()))
    names = [attachment.file.name, attachment.thumbnail.name]
    client = client_for(people.alice)
    url = reverse("journal:attachment_remove", args=[attachment.pk])
    assert client.get(url).status_code == 405
    assert client_for(people.bob).post(url).status_code == 404
    assert all(attachment_storage.exists(n) for n in names)
    assert client.post(url).status_code == 302
    assert not Attachment.objects.exists()
    assert not any(attachment_storage.exists(n) for n in names)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_deletion_rolled_back_keeps_the_files(people, entry):
    attachment = store(entry, prepare(media.photo()))
    with pytest.raises(RuntimeError), transaction.atomic():
        attachment.delete()
        raise RuntimeError
    assert attachment_storage.exists(attachment.file.name)


def test_strangers_cannot_add_to_an_entry(people, entry):
    response = upload(client_for(people.bob), entry, media.photo(), "a.jpg")
    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_the_entry_page_query_count_is_flat_up_to_ten_attachments(people, entry):
    client = client_for(people.alice)
    url = entry.get_absolute_url()
    store(entry, prepare(media.photo()))
    one = query_count(client, url)
    for _ in range(5):
        store(entry, prepare(media.photo()))
    for _ in range(4):
        store(entry, prepare(media.mp3(1)))
    assert entry.attachments.count() == 10
    assert query_count(client, url) == one


def test_a_drawing_from_the_pad_is_checked_like_a_photo_and_described(people, entry):
    """The pad (static/js/draw.js) sends a PNG with drawn=True through the same upload."""
    client = client_for(people.alice)
    response = upload(client, entry, media.photo("PNG"), "drawing.png", drawn="True")
    assert response.status_code == 302
    page = client.get(response.url)
    assert "The drawing is added to this entry." in page.text
    drawing = Attachment.objects.get(entry=entry)
    assert (drawing.kind, drawing.content_type, drawing.alt_text) == (
        "photo",
        "image/png",
        "A drawing",
    )
    assert 'alt="A drawing"' in page.text
    # The person's own words win; and the flag makes nothing else a photo.
    upload(client, entry, media.photo("PNG"), "drawing.png", drawn="True", alt_text="Two hills")
    assert Attachment.objects.filter(entry=entry, alt_text="Two hills").exists()
    refused = upload(client, entry, b"<svg onload=alert(1)>", "drawing.png", drawn="True")
    assert refused.status_code == 400
    assert "not a photo or voice note" in refused.text
    assert Attachment.objects.filter(entry=entry).count() == 2


def test_the_entry_page_offers_the_drawing_pad_for_scripts_to_show(people, entry):
    page = client_for(people.alice).get(entry.get_absolute_url())
    assert "data-draw hidden" in page.text  # shown by draw.js; without it the file field remains
    assert 'aria-label="Drawing pad"' in page.text
    assert page.text.count('name="draw_colour"') == 5
    assert page.text.count('name="draw_size"') == 2
    assert "/static/js/draw.js" in page.text
