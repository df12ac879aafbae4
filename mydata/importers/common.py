"""What the Day One and jrnl importers share: reading a file safely, one shape for entries, and
merging them into the account through the entry form.

Each importer (mydata.importers.dayone, mydata.importers.jrnl) turns its file into the same
plain data, stored in a PendingImport until the person confirms the preview:

    {"entries": [ENTRY, ...], "journals": [names], "dropped": {what: how many}}
    ENTRY = {"key": uuid text, "title": str, "body": Markdown, "created": ISO time,
             "updated": ISO time, "tags": [str], "starred": bool, "photos": [PHOTO]}
    PHOTO = {"identifier": str, "md5": str, "type": str, "file": zip member name or ""}

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
import uuid
import zipfile
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from integration_journal.markdown import render_markdown
from journal.forms.entries import EntryForm
from journal.models import Entry, Theme, theme_slug
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
        raise ImportRefused(f"This file is larger than {max_bytes // 2**20} MB.")
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ImportRefused(f"This is not a zip file, so it is not {what}.") from error
    members = archive.infolist()
    if len(members) > max_members:
        archive.close()
        raise ImportRefused(f"This zip holds far more files than {what} does.")
    for member in members:
        if not safe_member_name(member.filename):
            archive.close()
            raise ImportRefused(
                f"This zip contains an unsafe file name ({_short(member.filename, 80)})."
            )
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            archive.close()
            raise ImportRefused("This zip expands to far more than it holds (a zip bomb).")
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, never more than `limit` (whatever its header claims)."""
    name = _short(info.filename, 80)
    if info.file_size > limit:
        raise ImportRefused(f"{name} in this zip is too large.")
    try:
        with archive.open(info) as handle:
            raw = handle.read(limit + 1)
    except ZIP_READ_ERRORS as error:
        raise ImportRefused(f"{name} could not be read from this zip.") from error
    if len(raw) > limit:
        raise ImportRefused(f"{name} in this zip is too large.")
    return raw


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(raw: bytes, name: str) -> Any:
    """The JSON data, or ImportRefused: too deep, not JSON, or unstorable text in it."""
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise ImportRefused(f"{name} nests deeper than {MAX_JSON_DEPTH} levels.")
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ImportRefused(f"{name} is not valid JSON.") from error
    if _unstorable_text_anywhere(data):
        raise ImportRefused(
            f"{name} contains a character that cannot be stored (NUL or a lone surrogate)."
        )
    return data


def plausible(moment: dt.datetime, where: str, value: str) -> dt.datetime:
    """The same bounds as every time the app's own import reads."""
    if moment.year < EARLIEST_YEAR or moment > timezone.now() + AHEAD:
        raise ImportRefused(
            f"{where} has the date {_short(value, 40)}, before {EARLIEST_YEAR} or more than "
            "a year ahead."
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


def attach_photos(entry: Entry, photos: list[dict], archive=None) -> int:
    """Attach the entry's photos; returns how many were not attached.

    The app cannot hold attachments yet, so none are: the preview and the report say how many
    stay out. When entry attachments land, this function reads each photo's `file` from the
    archive and attaches it; nothing else in the importers changes."""
    return len(photos)


def _existing_keys(user) -> set[str]:
    """The client_keys of all the account's entries (the trash included), in one query."""
    return {
        str(key)
        for key in Entry.objects.filter(owner=user, client_key__isnull=False).values_list(
            "client_key", flat=True
        )
    }


def already_imported(user, data: dict[str, Any]) -> int:
    """How many of the file's entries are in the account already (the trash included)."""
    here = _existing_keys(user)
    return sum(1 for row in data["entries"] if row["key"] in here)


def _entry_name(row: dict) -> str:
    if row["title"].strip():
        return f"Entry “{_short(row['title'])}”"
    return f"The entry of {row['created'][:10]}"


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


@transaction.atomic
def apply_entries(user, data: dict[str, Any], archive=None) -> ImportReport:
    """Merge the entries read from another app's file, in one transaction."""
    report = ImportReport()
    rows = data["entries"]
    here = _existing_keys(user)
    themes = _Themes(user)
    photos_left = 0
    for row in rows:
        if row["key"] in here:
            report.already_here("journal entries")
            continue
        name = _entry_name(row)
        form = EntryForm(
            data={
                "phase": Entry.Phase.FREE,
                "title": row["title"],
                "body": row["body"],
                "theme_names": ", ".join(row["tags"]),
            },
            owner=user,
        )
        if not form.is_valid():
            report.skip(f"{name} was not imported: {_reasons(form).rstrip('.')}.")
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
        photos_left += attach_photos(entry, row["photos"], archive)
        here.add(row["key"])
        report.add("entries")
    if themes.created:
        report.created["themes"] = themes.created
    for line in dropped_lines(data.get("dropped", {}), photos_left=photos_left):
        report.skip(line)
    report.finish()
    return report


def dropped_lines(dropped: dict[str, int], *, photos_left: int | None = None) -> list[str]:
    """What the file holds that the app does not keep, in plain words, for preview and report."""
    lines = []
    photos = dropped.get("photos", 0) if photos_left is None else photos_left
    if photos:
        lines.append(
            ngettext(
                "%(count)s photo was not imported: this app cannot keep photos with entries "
                "yet. It stays in your file.",
                "%(count)s photos were not imported: this app cannot keep photos with entries "
                "yet. They stay in your file.",
                photos,
            )
            % {"count": photos}
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
