"""What the Day One and jrnl importers share: reading a file safely, one shape for entries, and
merging them into the account through the entry form.

Each importer (mydata.importers.dayone, mydata.importers.jrnl) turns its file into the same
plain data, stored in a PendingImport until the person confirms the preview:

    {"entries": [ENTRY, ...], "journals": [names], "dropped": {what: how many}}
    ENTRY = {"key": uuid text, "title": str, "body": Markdown, "created": ISO time,
             "updated": ISO time, "tags": [str], "starred": bool, "photos": [PHOTO]}
    PHOTO = {"identifier": str, "md5": str, "type": str, "file": zip member name or ""}

Photos become the entry's attachments at merge, through the same steps as an upload
(journal.attachments: read_limited, prepare, check_room, store), read from the uploaded zip,
which the PendingImport keeps in private storage between preview and confirm. A photo the checks
refuse, or one past the entry's or the account's limits, is skipped and named in the report.

Everything a file can get wrong in its shape or its dates is refused at upload, with a plain
reason (ImportRefused). What the entry form refuses (a body over its limit, an empty entry) is
skipped at merge and named in the report, as for the app's own import.

`key` is the entry's client_key: a UUID derived from the source's own id (or, where the source
has none, a hash of what was written), so importing the same file again skips what is already
here, and (owner, client_key) is unique in the database as well.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
import zipfile
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from integration_journal.markdown import render_markdown
from journal.attachments import (
    HEIC_SUPPORTED,
    AttachmentRefused,
    check_room,
    discard_files,
    is_heif,
    prepare,
    read_limited,
    store,
    stored_names,
)
from journal.forms.entries import EntryForm
from journal.models import Attachment, Entry, Theme, theme_slug
from journal.storage import attachment_storage
from mydata.importer import (
    AHEAD,
    EARLIEST_YEAR,
    MAX_JSON_DEPTH,
    MAX_RATIO,
    ZIP_READ_ERRORS,
    ImportRefused,
    ImportReport,
    _reasons,
    _short,
    _unstorable_text_anywhere,
    json_depth,
)

# A journal of ten years, several entries a day; one import runs in one request.
MAX_ENTRIES = 20_000
MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_TAGS = 20  # EntryForm's limit of themes per entry
TAG_MAX = 60  # Theme.name's length
TAG_FIELD_MAX = EntryForm.base_fields["theme_names"].max_length

# Photos are decoded and encoded again in the confirming request (measured under load on two
# cores: 0.45 s for a 2048-pixel photo, 1.3 s for 12 megapixels); past this many seconds the rest
# are left out and counted, so the request ends within the app server's timeout (60 s) instead
# of being killed, and importing the same file again brings them (photo_key).
PHOTO_SECONDS = 40

# client_keys of imported entries are uuid5 names in this namespace (fixed forever: changing it
# would import every file again).
KEY_NAMESPACE = uuid.UUID("5b0c6f3e-2d7a-4e59-9a51-6f1d9e2b7c40")


def entry_key(source: str, original: str) -> str:
    return str(uuid.uuid5(KEY_NAMESPACE, f"{source}:{original}"))


# --- reading ------------------------------------------------------------------------------------


def safe_member_name(name: str) -> bool:
    """A zip member that stays inside the archive: no absolute path, drive or `..`."""
    parts = name.replace("\\", "/").split("/")
    return not (name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"))


def open_zip(upload, *, what: str, max_bytes: int, max_members: int) -> zipfile.ZipFile:
    """The upload as a checked zip (names, count, compression ratio) or ImportRefused."""
    if upload.size > max_bytes:
        raise ImportRefused(
            _("This file is larger than {size} MB.").format(size=max_bytes // 2**20)
        )
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ImportRefused(
            _("This is not a zip file, so it is not {what}.").format(what=what)
        ) from error
    members = archive.infolist()
    if len(members) > max_members:
        archive.close()
        raise ImportRefused(_("This zip holds far more files than {what} does.").format(what=what))
    for member in members:
        if not safe_member_name(member.filename):
            archive.close()
            raise ImportRefused(
                _("This zip contains an unsafe file name ({name}).").format(
                    name=_short(member.filename, 80)
                )
            )
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            archive.close()
            raise ImportRefused(_("This zip expands to far more than it holds (a zip bomb)."))
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, never more than `limit` (whatever its header claims)."""
    name = _short(info.filename, 80)
    if info.file_size > limit:
        raise ImportRefused(_("{name} in this zip is too large.").format(name=name))
    try:
        with archive.open(info) as handle:
            raw = handle.read(limit + 1)
    except ZIP_READ_ERRORS as error:
        raise ImportRefused(
            _("{name} could not be read from this zip.").format(name=name)
        ) from error
    if len(raw) > limit:
        raise ImportRefused(_("{name} in this zip is too large.").format(name=name))
    return raw


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(raw: bytes, name: str) -> Any:
    """The JSON data, or ImportRefused: too deep, not JSON, or unstorable text in it."""
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise ImportRefused(
            _("{name} nests deeper than {depth} levels.").format(name=name, depth=MAX_JSON_DEPTH)
        )
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ImportRefused(_("{name} is not valid JSON.").format(name=name)) from error
    if _unstorable_text_anywhere(data):
        raise ImportRefused(
            _(
                "{name} contains a character that cannot be stored (NUL or a lone surrogate)."
            ).format(name=name)
        )
    return data


def plausible(moment: dt.datetime, where: str, value: str) -> dt.datetime:
    """The same bounds as every time the app's own import reads."""
    if moment.year < EARLIEST_YEAR or moment > timezone.now() + AHEAD:
        raise ImportRefused(
            _("{where} has the date {value}, before {year} or more than a year ahead.").format(
                where=where, value=_short(value, 40), year=EARLIEST_YEAR
            )
        )
    return moment


def clean_tags(values: list[str], strip: str = "") -> tuple[list[str], int]:
    """Tags as theme names (commas, which the entry form splits on, become spaces; `strip`
    characters are taken off the front), and how many could not become themes."""
    names: list[str] = []
    seen: set[str] = set()
    dropped = 0
    for value in values:
        name = " ".join(value.lstrip(strip).replace(",", " ").split())
        slug = theme_slug(name)
        if not slug or len(name) > TAG_MAX:
            dropped += 1
            continue
        if slug not in seen:
            seen.add(slug)
            names.append(name)
    if len(names) > MAX_TAGS:
        dropped += len(names) - MAX_TAGS
        names = names[:MAX_TAGS]
    while len(", ".join(names)) > TAG_FIELD_MAX:
        names.pop()
        dropped += 1
    return names, dropped


def title_and_body(title: str, body: str, limit: int = 200) -> tuple[str, str]:
    """A title longer than an entry's title can be goes back to the top of the body."""
    title = " ".join(title.split())
    if len(title) > limit:
        return "", f"{title}\n\n{body}".strip()
    return title, body


# --- merging ------------------------------------------------------------------------------------


def set_when(entry: Entry, *, happened: dt.datetime, changed: dt.datetime) -> None:
    """The one place an imported entry's dates are set from the source's: the source's date is
    when it happened (Entry.happened_at, which the lists, calendar and themes use) and, as the
    other apps wrote it then, when it was written (`created`)."""
    entry.happened_at = happened
    entry.created = happened
    entry.updated = max(changed, happened)


class PhotoFiles:
    """The photos of the kept zip, read at most one attachment's size each; remembers the files
    stored, so a failed import can remove them again."""

    def __init__(self, archive: zipfile.ZipFile | None):
        self.archive = archive
        self.written: list[str] = []
        self.deadline = time.monotonic() + PHOTO_SECONDS
        self.late = 0  # photos left out because the time for them was up

    def out_of_time(self) -> bool:
        return time.monotonic() > self.deadline

    def read(self, name: str) -> bytes:
        if self.archive is None:
            raise AttachmentRefused(_("the zip's photos were not kept with this import"))
        try:
            with self.archive.open(self.archive.getinfo(name)) as handle:
                return read_limited(handle)
        except KeyError as error:
            raise AttachmentRefused(_("its file is missing from the zip")) from error
        except ZIP_READ_ERRORS as error:
            raise AttachmentRefused(_("its file could not be read from the zip")) from error


def keep_upload(user, upload, data: dict[str, Any]) -> str:
    """Store an upload whose entries have photos until the import is confirmed; its name."""
    if not photos_in(data["entries"]):
        return ""
    upload.seek(0)
    return attachment_storage.save(f"imports/{user.pk}/{uuid.uuid4().hex}.zip", upload)


def _photo_files(row: dict) -> list[str]:
    """The entry's photo files in the zip, each once, in the entry's order."""
    return list(dict.fromkeys(p["file"] for p in row.get("photos", []) if p.get("file")))


def photos_in(rows: list[dict]) -> int:
    return sum(len(_photo_files(row)) for row in rows)


def attach_photos(
    entry: Entry, row: dict, files: PhotoFiles, report: ImportReport, *, new: bool = True
) -> None:
    """Attach the entry's photos as an upload would be: the bytes checked and encoded again
    (EXIF and GPS gone), within the entry's and the account's limits. One that fails is skipped
    and named in the report; one already attached (an entry imported before) is counted."""
    names = _photo_files(row)
    here = set() if new else set(entry.attachments.values_list("pk", flat=True))
    for number, name in enumerate(names):
        pk = photo_key(entry.pk, name)
        if pk in here:
            report.already_here("photos")
            continue
        if files.out_of_time():
            files.late += 1
            continue
        what = _("A photo of {entry}").format(entry=_entry_name(row, lower=True))
        try:
            check_room(entry, entry.owner, 1)  # a full entry or account: no need to decode it
            data = files.read(name)
            if not HEIC_SUPPORTED and is_heif(data[:64]):
                raise AttachmentRefused(_("HEIC photos cannot be read on this server"))
            prepared = prepare(data)
            if prepared.kind != Attachment.Kind.PHOTO:
                raise AttachmentRefused(_("its file is not a photo"))
            check_room(entry, entry.owner, prepared.size)
        except AttachmentRefused as refusal:
            report.skip(
                _("{name} was not imported: {reason}.").format(
                    name=what, reason=str(refusal).rstrip(".")
                )
            )
            continue
        # Photos keep the entry's order in the gallery, which lists them by `created`.
        created = entry.happened_at + dt.timedelta(microseconds=number)
        attachment = store(entry, prepared, pk=pk, created=created)
        files.written.extend(stored_names(attachment))
        report.add("photos")


def _existing(user) -> dict[str, tuple[uuid.UUID, bool]]:
    """The account's imported entries (the trash included) by client_key: (pk, in the trash),
    in one query."""
    rows = Entry.objects.filter(owner=user, client_key__isnull=False).values_list(
        "client_key", "pk", "deleted_at"
    )
    return {str(key): (pk, deleted is not None) for key, pk, deleted in rows}


def photo_key(entry_pk, name: str) -> uuid.UUID:
    """An imported photo's id: the same entry and zip member give the same id, so importing the
    file again brings only the photos that are not here yet."""
    return uuid.uuid5(KEY_NAMESPACE, f"photo:{entry_pk}:{name}")


def _missing_photos(here: dict, rows: list[dict]) -> int:
    """Photos of entries already here (not in the trash) that are not attached yet: one query."""
    wanted = [
        photo_key(here[row["key"]][0], name)
        for row in rows
        if row["key"] in here and not here[row["key"]][1]
        for name in _photo_files(row)
    ]
    if not wanted:
        return 0
    return len(wanted) - Attachment.objects.filter(pk__in=wanted).count()


def preview_counts(user, data: dict[str, Any]) -> dict[str, int]:
    """The file's entries already in the account (the trash included), and the photos the
    import brings (before their checks, which run at confirm): those of the new entries, and
    those of entries already here that are not attached yet."""
    here = _existing(user)
    new = [row for row in data["entries"] if row["key"] not in here]
    return {
        "already": len(data["entries"]) - len(new),
        "photos": photos_in(new) + _missing_photos(here, data["entries"]),
    }


def _entry_name(row: dict, *, lower: bool = False) -> str:
    if row["title"].strip():
        if lower:
            return _("the entry “{title}”").format(title=_short(row["title"]))
        return _("Entry “{title}”").format(title=_short(row["title"]))
    if lower:
        return _("the entry of {day}").format(day=row["created"][:10])
    return _("The entry of {day}").format(day=row["created"][:10])


class _Themes:
    """The account's themes by slug, fetched once and created as tags first need them."""

    def __init__(self, user):
        self.user = user
        self.by_slug = {t.slug: t for t in Theme.objects.filter(owner=user)}
        self.created = 0

    def named(self, names: list[str]) -> list[Theme]:
        missing = [n for n in names if theme_slug(" ".join(n.split())[:60]) not in self.by_slug]
        if missing:
            for theme in Theme.objects.get_or_create_named(self.user, missing):
                if theme.slug not in self.by_slug:
                    self.created += 1
                self.by_slug[theme.slug] = theme
        themes = [self.by_slug.get(theme_slug(" ".join(n.split())[:60])) for n in names]
        return [t for t in themes if t is not None]


def apply_entries(
    user, data: dict[str, Any], archive: zipfile.ZipFile | None = None, *, written=None
) -> ImportReport:
    """Merge the entries read from another app's file, in one transaction, with their photos
    read from `archive` (the kept zip). Nothing of a failed import stays: no row, and no file
    in storage. `written` (a list) collects the names of the files stored, for a caller whose
    own transaction may still roll back after this returns."""
    files = PhotoFiles(archive)
    if written is not None:
        files.written = written
    try:
        return _apply(user, data, files)
    except BaseException:
        discard_files(files.written)
        raise


@transaction.atomic
def _apply(user, data: dict[str, Any], files: PhotoFiles) -> ImportReport:
    report = ImportReport()
    rows = data["entries"]
    here = _existing(user)
    themes = _Themes(user)
    for row in rows:
        if row["key"] in here:
            report.already_here("journal entries")
            pk, in_trash = here[row["key"]]
            if _photo_files(row) and not in_trash:
                # Photos left out last time (limits, time) come now; those here stay once.
                entry = Entry.objects.select_related("owner").get(pk=pk)
                attach_photos(entry, row, files, report, new=False)
            continue
        name = _entry_name(row)
        title = row["title"]
        if not title.strip() and not row["body"].strip() and (count := len(_photo_files(row))):
            # A Day One entry that is only photos: the form wants words, so it gets a title.
            title = npgettext(
                "the title of an imported entry of photos only", "Photo", "Photos", count
            )
        form = EntryForm(
            data={
                "phase": Entry.Phase.FREE,
                "title": title,
                "body": row["body"],
                "theme_names": ", ".join(row["tags"]),
            },
            owner=user,
        )
        if not form.is_valid():
            report.skip(
                _("{name} was not imported: {reason}.").format(
                    name=name, reason=_reasons(form).rstrip(".")
                )
            )
            continue
        entry = form.save(commit=False)
        entry.owner = user
        entry.client_key = uuid.UUID(row["key"])
        entry.body_html = render_markdown(entry.body)
        set_when(
            entry,
            happened=dt.datetime.fromisoformat(row["created"]),
            changed=dt.datetime.fromisoformat(row["updated"]),
        )
        entry.save()
        entry.themes.set(themes.named(form.cleaned_data["theme_names"]))
        here[row["key"]] = (entry.pk, False)
        report.add("entries")
        attach_photos(entry, row, files, report)
    if themes.created:
        report.created["themes"] = themes.created
    if files.late:
        report.skip(
            ngettext(
                "%(n)s photo was not imported: the import had taken as long as one can. "
                "Import the same file again to bring it.",
                "%(n)s photos were not imported: the import had taken as long as one can. "
                "Import the same file again to bring them.",
                files.late,
            )
            % {"n": f"{files.late:,}"}
        )
    for line in dropped_lines(data.get("dropped", {})):
        report.skip(line)
    report.finish()
    return report


def dropped_lines(dropped: dict[str, int]) -> list[str]:
    """What the file holds that the app does not keep, in plain words, for preview and report."""
    lines = []
    if missing := dropped.get("photos_missing", 0):
        lines.append(
            ngettext(
                "%(n)s photo named by an entry is not in the zip's photos folder, so it is "
                "not imported.",
                "%(n)s photos named by entries are not in the zip's photos folder, so they are "
                "not imported.",
                missing,
            )
            % {"n": f"{missing:,}"}
        )
    if media := dropped.get("media", 0):
        lines.append(
            ngettext(
                "%(count)s video, audio or PDF attachment was not imported. It stays in your file.",
                "%(count)s video, audio or PDF attachments were not imported. They stay in your "
                "file.",
                media,
            )
            % {"count": media}
        )
    if starred := dropped.get("starred", 0):
        lines.append(
            ngettext(
                "%(count)s entry was starred; this app has no stars, so it is imported without "
                "its star.",
                "%(count)s entries were starred; this app has no stars, so they are imported "
                "without them.",
                starred,
            )
            % {"count": starred}
        )
    if places := dropped.get("location", 0):
        lines.append(
            ngettext(
                "The place and weather of %(count)s entry is left out, to keep where you were "
                "private.",
                "The place and weather of %(count)s entries are left out, to keep where you "
                "were private.",
                places,
            )
            % {"count": places}
        )
    if tags := dropped.get("tags", 0):
        lines.append(
            ngettext(
                "%(count)s tag could not become a theme (no letter or number, longer than "
                "%(longest)s characters, or more than %(most)s on one entry); the entries are "
                "imported without it.",
                "%(count)s tags could not become a theme (no letter or number, longer than "
                "%(longest)s characters, or more than %(most)s on one entry); the entries are "
                "imported without them.",
                tags,
            )
            % {"count": tags, "longest": TAG_MAX, "most": MAX_TAGS}
        )
    return lines
