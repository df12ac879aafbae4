"""Checking and storing attachments: photos (and drawings) and voice notes.

Everything about a file is decided from its bytes, never its name or the browser's type:
- Photos: Pillow must recognise JPEG, PNG, WebP or HEIC/HEIF (through pillow-heif). The image is
  turned upright by its EXIF orientation and encoded again, which leaves every EXIF field (GPS
  position, camera, time) and every text chunk behind; HEIC becomes JPEG, which every browser and
  WeasyPrint show. A thumbnail is made. Images over MAX_PIXELS are refused before decoding
  (a decompression bomb is a small file that decodes to gigabytes).
- Voice notes: the first bytes must be WebM (Matroska), Ogg, MP4/M4A or MP3; mutagen reads the
  duration where it can (all but WebM, whose recorder-made files carry none; the recorder's own
  count of seconds is used then).

Anything else raises AttachmentRefused with a sentence to show on the form.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import mutagen
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from journal.models import Attachment, Entry

try:  # HEIC/HEIF from iPhones; without pillow-heif such photos are refused with a message.
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    HEIC_SUPPORTED = False

# 12-megapixel phone photos are common, 48 MP ones exist; beyond this is not a photo of a page.
MAX_PIXELS = 50_000_000
THUMBNAIL_SIZE = (480, 480)
MAX_AUDIO_SECONDS = 60 * 60
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF"}
ACCEPT = (
    "image/jpeg,image/png,image/webp,image/heic,image/heif,audio/*,.heic,.m4a,.mp3,.ogg,.opus,.webm"
)


class AttachmentRefused(Exception):
    """The file cannot be attached; the message says why, calmly and plainly."""


@dataclass
class Prepared:
    kind: str
    content_type: str
    data: bytes
    thumbnail: bytes = b""
    width: int | None = None
    height: int | None = None
    duration: float | None = None

    @property
    def size(self) -> int:
        return len(self.data) + len(self.thumbnail)


def _megabytes(n: int) -> str:
    return _("%(megabytes)s MB") % {"megabytes": f"{n / (1024 * 1024):.0f}"}


def _too_large(limit: int) -> AttachmentRefused:
    return AttachmentRefused(
        _("This file is larger than %(size)s, the most one attachment can be.")
        % {"size": _megabytes(limit)}
    )


def read_limited(upload, limit: int | None = None) -> bytes:
    """The upload's bytes, refusing one larger than the per-file limit."""
    limit = limit or settings.ATTACHMENT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise AttachmentRefused(_("This file is empty."))
    return data


def prepare(data: bytes, *, recorded_seconds: float | None = None) -> Prepared:
    """Check the bytes and make what is stored, or raise AttachmentRefused."""
    audio = _audio_type(data)
    if audio:
        return _prepare_audio(data, audio, recorded_seconds)
    return _prepare_photo(data)


def _audio_type(data: bytes) -> str | None:
    head = data[:64]
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm" if b"webm" in data[:4096] else None
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head[4:8] == b"ftyp" and not is_heif(head):
        return "audio/mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    return None


def is_heif(head: bytes) -> bool:
    return head[8:12] in {b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"}


def _prepare_audio(data: bytes, content_type: str, recorded_seconds: float | None) -> Prepared:
    duration = None
    if content_type != "audio/webm":
        try:
            parsed = mutagen.File(io.BytesIO(data))
        except Exception:  # noqa: BLE001 - mutagen raises many kinds for a damaged file
            parsed = None
        if parsed is None or getattr(parsed, "info", None) is None:
            raise AttachmentRefused(
                _(
                    "This file could not be read as a voice note. Voice notes can be WebM, Ogg, "
                    "MP4/M4A or MP3 audio."
                )
            )
        if content_type == "audio/mp4" and not _mp4_has_audio(parsed):
            raise AttachmentRefused(
                _("This MP4 file holds no sound, so it cannot be a voice note.")
            )
        duration = getattr(parsed.info, "length", None) or None
    elif recorded_seconds is not None and 0 < recorded_seconds <= MAX_AUDIO_SECONDS:
        duration = float(recorded_seconds)
    if duration is not None and duration > MAX_AUDIO_SECONDS:
        raise AttachmentRefused(_("Voice notes can be up to an hour long."))
    return Prepared(
        kind=Attachment.Kind.AUDIO, content_type=content_type, data=data, duration=duration
    )


def _mp4_has_audio(parsed) -> bool:
    return bool(getattr(parsed.info, "codec", "")) or getattr(parsed.info, "channels", 0) > 0


def _prepare_photo(data: bytes) -> Prepared:
    refused = AttachmentRefused(
        _(
            "This file is not a photo or voice note this journal can keep. Photos can be JPEG, "
            "PNG, WebP or HEIC; voice notes WebM, Ogg, MP4/M4A or MP3."
        )
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in PHOTO_FORMATS:
                raise refused
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise AttachmentRefused(
                    _(
                        "This image is %(width)s × %(height)s pixels; photos can be up to "
                        "%(megapixels)s megapixels."
                    )
                    % {
                        "width": f"{width:,}",
                        "height": f"{height:,}",
                        "megapixels": MAX_PIXELS // 1_000_000,
                    }
                )
            source_format = image.format
            image.load()
            image = ImageOps.exif_transpose(image)
            stored, content_type = _encode(image, source_format)
            thumbnail = _thumbnail(image)
    except AttachmentRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise AttachmentRefused(
            _(
                "This image has more pixels than a photo can have here (up to %(megapixels)s "
                "megapixels)."
            )
            % {"megapixels": MAX_PIXELS // 1_000_000}
        ) from error
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,  # some damaged PNGs
        EOFError,
    ) as error:
        raise refused from error
    return Prepared(
        kind=Attachment.Kind.PHOTO,
        content_type=content_type,
        data=stored,
        thumbnail=thumbnail,
        width=image.width,
        height=image.height,
    )


def _encode(image: Image.Image, source_format: str) -> tuple[bytes, str]:
    """Encode again with no metadata but the colour profile (so colours stay right)."""
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    extra = {"icc_profile": icc} if icc else {}
    if source_format == "PNG":
        if image.mode not in {"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"}:
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=False, **extra)
        return out.getvalue(), "image/png"
    if source_format == "WEBP":
        image = image if image.mode in {"RGB", "RGBA"} else image.convert("RGBA")
        image.save(out, "WEBP", quality=88, **extra)
        return out.getvalue(), "image/webp"
    # JPEG, and HEIC (shown as JPEG everywhere)
    if image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    image.save(out, "JPEG", quality=88, optimize=True, **extra)
    return out.getvalue(), "image/jpeg"


def _thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if small.mode not in {"RGB", "RGBA"}:
        small = small.convert("RGBA" if "A" in small.mode or small.mode == "P" else "RGB")
    out = io.BytesIO()
    small.save(out, "WEBP", quality=80)
    return out.getvalue()


def check_room(entry: Entry, owner, size: int) -> None:
    """Refuse when the entry has all the attachments it may have, or the account is full."""
    if entry.attachments.count() >= settings.ATTACHMENTS_PER_ENTRY:
        raise AttachmentRefused(
            _(
                "An entry can have up to %(count)s photos and voice notes. Remove one to add "
                "another, or add it to a new entry."
            )
            % {"count": settings.ATTACHMENTS_PER_ENTRY}
        )
    used = Attachment.objects.stored_bytes(owner)
    room = settings.ATTACHMENTS_ACCOUNT_BYTES
    if used + size > room:
        raise AttachmentRefused(
            _(
                "Your attachments use %(used)s of the %(room)s your account can hold, and this "
                "file does not fit. Removing older photos or voice notes makes room."
            )
            % {"used": _megabytes(used), "room": _megabytes(room)}
        )


def store(
    entry: Entry, prepared: Prepared, *, alt_text: str = "", pk=None, created=None
) -> Attachment:
    """Save the prepared files and the row (inside the caller's transaction; files written now
    are deleted again if it rolls back)."""
    attachment = Attachment(
        entry=entry,
        owner_id=entry.owner_id,
        kind=prepared.kind,
        content_type=prepared.content_type,
        size=prepared.size,
        width=prepared.width,
        height=prepared.height,
        duration=prepared.duration,
        alt_text=alt_text if prepared.kind == Attachment.Kind.PHOTO else "",
    )
    if pk is not None:
        attachment.pk = pk
    if created is not None:
        attachment.created = created
    ext = "." + attachment.extension
    attachment.file.save(f"f{ext}", ContentFile(prepared.data), save=False)
    if prepared.thumbnail:
        attachment.thumbnail.save("t.webp", ContentFile(prepared.thumbnail), save=False)
    try:
        attachment.save()
    except Exception:
        discard_files(stored_names(attachment))
        raise
    return attachment


def stored_names(attachment: Attachment) -> list[str]:
    return [f.name for f in (attachment.file, attachment.thumbnail) if f and f.name]


def discard_files(names: list[str]) -> None:
    for name in names:
        if name:
            Attachment.file.field.storage.delete(name)


def delete_files_on_commit(attachment: Attachment) -> None:
    """After the row's deletion commits, remove its files from storage (a rollback keeps them)."""
    names = stored_names(attachment)
    if names:
        transaction.on_commit(lambda: discard_files(names))
