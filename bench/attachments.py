"""Attachments (`make bench-attachments`): adding a 12-megapixel photo (its checks, EXIF-free
re-encoding and thumbnail, through the upload view) and the entry page with 10 attachments;
not a test.

A fresh SQLite file and attachments folder in bench/out/; each timing is the median (and the
slowest) of BENCH_ATTACHMENTS_SAMPLES runs (default 10). Prints and writes its section of
docs/performance.md (bench/sections.py) unless BENCH_ATTACHMENTS_WRITE=0.
"""

from __future__ import annotations

import io
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sections import write_section  # noqa: E402

SAMPLES = int(os.environ.get("BENCH_ATTACHMENTS_SAMPLES", "10"))
WRITE = os.environ.get("BENCH_ATTACHMENTS_WRITE", "1") != "0"
OUT = ROOT / "bench" / "out"


def configure() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "attachments.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    files = OUT / "attachments-files"
    shutil.rmtree(files, ignore_errors=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["ATTACHMENTS_ROOT"] = str(files)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "False"
    os.environ.setdefault("STATIC_MANIFEST", "False")


def twelve_megapixels() -> bytes:
    """A 4032 × 3024 JPEG with camera-like detail (noise compresses as a photo does, about 5 MB)
    and EXIF with a GPS position, as a phone writes it."""
    from PIL import Image

    noise = Image.effect_noise((4032, 3024), 40).convert("RGB")
    gradient = Image.linear_gradient("L").resize((4032, 3024)).convert("RGB")
    image = Image.blend(noise, gradient, 0.5)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def timed(fn, samples: int) -> tuple[float, float]:
    values = []
    for _ in range(samples):
        started = time.perf_counter()
        fn()
        values.append((time.perf_counter() - started) * 1000)
    return statistics.median(values), max(values)


def main() -> None:
    configure()
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from journal.attachments import prepare, store
    from journal.models import Attachment, Entry

    call_command("migrate", verbosity=0)
    person = User.objects.create_user(email="bench@bench.invalid", password="x")
    client = Client()
    client.force_login(person)
    photo = twelve_megapixels()

    entry = Entry.objects.create(owner=person, title="Upload", body="x", body_html="<p>x</p>")
    url = reverse("journal:attachment_add", args=[entry.pk])

    def upload():
        response = client.post(url, {"file": SimpleUploadedFile("IMG_0001.JPG", photo)})
        assert response.status_code == 302, response.status_code
        Attachment.objects.filter(entry=entry).delete()  # room for the next sample

    from bench.run import reference_loop_ms

    started_speed = reference_loop_ms()
    upload_p50, upload_max = timed(upload, SAMPLES)
    prepare_p50, _ = timed(lambda: prepare(photo), max(1, SAMPLES // 2))

    page_entry = Entry.objects.create(owner=person, title="Ten", body="x", body_html="<p>x</p>")
    small = prepare(photo)
    for _ in range(6):
        store(page_entry, small, alt_text="A photo")
    from tests.journal.media import mp3

    voice = prepare(mp3(120))
    for _ in range(4):
        store(page_entry, voice)
    page = page_entry.get_absolute_url()
    client.get(page)
    page_p50, page_max = timed(lambda: client.get(page), SAMPLES * 5)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    from bench.run import reference_line, reference_loop_ms

    speed = "\n".join(reference_line({"reference_ms": [started_speed, reference_loop_ms()]}))
    markdown = f"""## Attachments (SQLite)

`make bench-attachments` (bench/attachments.py), {SAMPLES} samples.

| | median | slowest |
|---|---|---|
| adding a 12-megapixel JPEG ({len(photo) / 1e6:.1f} MB, with EXIF/GPS) through the upload view: checks, upright turn, re-encoding without metadata, thumbnail, storing | {upload_p50:.0f} ms | {upload_max:.0f} ms |
| of which checking and re-encoding it (`journal.attachments.prepare`) | {prepare_p50:.0f} ms | |
| the entry page with 10 attachments (6 photos, 4 voice notes), {len(queries)} queries | {page_p50:.1f} ms | {page_max:.1f} ms |

Measured on {platform.python_implementation()} {platform.python_version()}, a shared 2-core
machine. The photo's time is Pillow decoding and encoding 12 million pixels twice (the photo
and its 480-pixel thumbnail); the page's does not grow with its attachments (one prefetch query;
the browser fetches the thumbnails and voice notes through the file view afterwards).
{speed}
"""
    if WRITE:
        write_section("attachments-sqlite", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
