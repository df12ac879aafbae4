"""Bring an export zip back: check the file, preview it, then merge it in one transaction.

Two stages, each with its own kind of answer:

1. Reading (`read_archive`, at upload): is this an export at all? Not a zip, too large, too many
   files, a compression ratio typical of zip bombs, names that climb out of the archive, JSON
   nested deeper or larger than an export can be, a format or version that is not ours, parts
   of the wrong shape. Any of these refuses the whole file with a plain reason; nothing is stored.
2. Merging (`apply_import`, at confirm): every item goes through the same form as typing it in
   (journal.forms.entries: SessionForm, EntryForm; journal.forms.themes.ThemeForm; intentions.forms;
   practices.forms.CheckInForm, measures' score_response), so the limits are the forms' limits.
   An item that fails is skipped and named in the report with the form's reason; whatever points
   to it (an entry of a skipped session) is imported without that link, and the report says so.

Merging is by stable ids. An item whose id is already in this account is skipped, so importing
the same archive twice creates nothing the second time. An id that belongs to someone else
(importing into a second account on the same server) is mapped to a new id derived from the
account and the original id, so repeated imports into that account are stable too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from integration_journal.markdown import render_markdown
from intentions.forms import ActionForm, IntentionForm, ReviewForm, StatusForm
from intentions.models import Intention
from journal.attachments import AttachmentRefused, check_room, prepare, store, stored_names
from journal.attachments import discard_files as discard_attachment_files
from journal.forms.attachments import DescribeForm
from journal.forms.entries import FEELINGS, EntryForm, SessionForm
from journal.forms.themes import ThemeForm
from journal.models import Attachment, Entry, Theme, TreatmentSession, theme_slug
from journal.storage import attachment_storage
from measures.instruments import INSTRUMENTS, score_response
from measures.models import Response, TrackedMeasures
from mydata.export import FORMAT_NAME, FORMAT_VERSION, READABLE_VERSIONS
from practices.forms import CheckInForm
from practices.models import CheckIn, Practice, PracticeChoice, PracticeLog

MB = 1024 * 1024
# 20 MB of text and JSON, plus as many photos and voice notes as an account may hold.
MAX_ARCHIVE_BYTES = 20 * MB + settings.ATTACHMENTS_ACCOUNT_BYTES
MAX_JSON_BYTES = 50 * 1024 * 1024
# An export nests five levels (file, section, item, list of actions, action); anything much
# deeper is not ours, and Python's JSON parser recurses once per level.
MAX_JSON_DEPTH = 32
MAX_MEMBERS = 20_000
MAX_RATIO = 200
MAX_ITEMS = 100_000
# The report names every item it skipped up to this many; after that it counts them.
MAX_REPORT_LINES = 200


class ImportRefused(Exception):
    """The archive cannot be imported; the message says why, in plain words."""


class ItemInvalid(Exception):
    """One item of the archive fails the rules for typing it in; the message says why."""


# Each kind the report counts, by its plural, with its singular: "1 intention", "2 intentions".
# What reading a member of a hostile or damaged zip can raise (zipfile, zlib and their callers).
ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    RuntimeError,  # encrypted
    NotImplementedError,  # a compression method zipfile does not know
    zlib.error,
    ValueError,
)

COUNTED = {
    "intentions": lambda n: ngettext("%(n)s intention", "%(n)s intentions", n),
    "themes": lambda n: ngettext("%(n)s theme", "%(n)s themes", n),
    "sessions": lambda n: ngettext("%(n)s session", "%(n)s sessions", n),
    "treatment sessions": lambda n: ngettext(
        "%(n)s treatment session", "%(n)s treatment sessions", n
    ),
    "entries": lambda n: ngettext("%(n)s entry", "%(n)s entries", n),
    "journal entries": lambda n: ngettext("%(n)s journal entry", "%(n)s journal entries", n),
    "check-ins": lambda n: ngettext("%(n)s check-in", "%(n)s check-ins", n),
    "questionnaires": lambda n: ngettext("%(n)s questionnaire", "%(n)s questionnaires", n),
    "photos": lambda n: ngettext("%(n)s photo", "%(n)s photos", n),
    "photos and voice notes": lambda n: ngettext(
        "%(n)s photo or voice note", "%(n)s photos and voice notes", n
    ),
}


def counted(count: int, kind: str) -> str:
    """ "1 entry", "1,200 entries": the count with the kind's singular or plural."""
    shown = number_format(count, force_grouping=True)
    if kind in COUNTED:
        return COUNTED[kind](count) % {"n": shown}
    return f"{shown} {kind}"


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    already: dict[str, int] = field(default_factory=dict)
    more_skipped: int = 0

    def add(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def already_here(self, kind: str) -> None:
        self.already[kind] = self.already.get(kind, 0) + 1

    def skip(self, line: str) -> None:
        if len(self.skipped) < MAX_REPORT_LINES:
            self.skipped.append(line)
        else:
            self.more_skipped += 1

    def created_lines(self) -> list[str]:
        """What was added, counted: ["1 intention", "3 entries"]."""
        return [counted(count, kind) for kind, count in self.created.items()]

    def finish(self) -> None:
        for kind, count in self.already.items():
            self.skipped.append(
                ngettext(
                    "%(what)s was already in your account.",
                    "%(what)s were already in your account.",
                    count,
                )
                % {"what": counted(count, kind)}
            )
        if self.more_skipped:
            more = self.more_skipped
            self.skipped.append(
                ngettext(
                    "… and %(n)s more item skipped like these.",
                    "… and %(n)s more items skipped like these.",
                    more,
                )
                % {"n": f"{more:,}"}
            )
            self.more_skipped = 0


# --- reading: is this an export at all? -------------------------------------------------------


def keep_archive(user, upload, data: dict[str, Any]) -> str:
    """Store an uploaded export that holds attachments until the import is confirmed; its name."""
    if not data.get("attachments"):
        return ""
    upload.seek(0)
    return attachment_storage.save(f"imports/{user.pk}/{uuid.uuid4().hex}.zip", upload)


@contextmanager
def kept_archive(name: str):
    """The kept zip, open, or None (no attachments, or it is gone)."""
    if not name:
        yield None
        return
    try:
        handle = attachment_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        yield None
        return
    with handle:
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            yield None
            return
        with archive:
            yield archive


def read_archive(upload) -> dict[str, Any]:
    """Open and check an uploaded export; return journal.json's data or raise ImportRefused."""
    raw = _journal_json_bytes(upload)
    data = parse_json(raw)
    validate(data)
    return data


def _journal_json_bytes(upload) -> bytes:
    if upload.size > MAX_ARCHIVE_BYTES:
        raise ImportRefused(
            _("This file is larger than %(mb)s MB, more than an export can be.")
            % {"mb": MAX_ARCHIVE_BYTES // MB}
        )
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ImportRefused(
            _("This is not a zip file made by Integration Journal's export.")
        ) from error
    with archive:
        _check_members(archive.infolist())
        try:
            info = archive.getinfo("journal.json")
        except KeyError as error:
            raise ImportRefused(
                _("This zip has no journal.json, so it is not an export.")
            ) from error
        if info.file_size > MAX_JSON_BYTES:
            raise ImportRefused(_("journal.json in this archive is too large."))
        try:
            with archive.open(info) as handle:
                raw = handle.read(MAX_JSON_BYTES + 1)
        except ZIP_READ_ERRORS as error:
            raise ImportRefused(_("journal.json could not be read from this archive.")) from error
    if len(raw) > MAX_JSON_BYTES:
        raise ImportRefused(_("journal.json in this archive is too large."))
    return raw


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(_("This archive holds far more files than an export does."))
    total = 0
    for member in members:
        name = member.filename
        if (
            name.startswith(("/", "\\"))
            or ".." in name.replace("\\", "/").split("/")
            or (len(name) > 1 and name[1] == ":")
        ):
            raise ImportRefused(
                _("This archive contains an unsafe file name ({name}).").format(name=name[:80])
            )
        total += member.file_size
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            raise ImportRefused(_("This archive expands to far more than it holds (a zip bomb)."))
    if total > MAX_JSON_BYTES * 4 + settings.ATTACHMENTS_ACCOUNT_BYTES:
        raise ImportRefused(_("This archive expands to more than an export can be."))


_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_depth(raw: bytes) -> int:
    """How deeply the JSON text nests, counted without parsing it (so without recursion).

    Escapes are dropped first, then strings, so brackets inside strings do not count. For text
    that is not valid JSON the count may be off after the first error, where the parser stops.
    """
    brackets = _STRING.sub(b"", _ESCAPE.sub(b"", raw)).translate(None, _NOT_BRACKETS)
    return max(accumulate(_DEPTH_STEP[b] for b in brackets), default=0)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(raw: bytes) -> Any:
    """journal.json's data, or ImportRefused: too large, too deep, or not valid JSON."""
    if len(raw) > MAX_JSON_BYTES:
        raise ImportRefused(_("journal.json in this archive is too large."))
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise ImportRefused(
            _("journal.json nests deeper than {depth} levels; an export never does.").format(
                depth=MAX_JSON_DEPTH
            )
        )
    try:
        # NaN and Infinity are not JSON; a number of more than 4,300 digits raises ValueError.
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ImportRefused(_("journal.json in this archive is not valid JSON.")) from error


# The shape of journal.json: for each part, each field's JSON types and whether it is required.
# Only the shape: the values (lengths, ranges, dates) are the forms' business when merging.
TEXT = (str,)
TEXT_LIST = "list of text"
SCHEMA: dict[str, dict[str, tuple]] = {
    "intentions": {
        "id": (TEXT, True),
        "title": (TEXT, True),
        "success_looks_like": (TEXT, False),
        "troubles_most": (TEXT, False),
        "replace_with": (TEXT, False),
        "why_it_matters": (TEXT, False),
        "status": (TEXT, False),
        "order": ((int,), False),
        "created": ((str, type(None)), False),
        "status_changed_at": ((str, type(None)), False),
        "deleted_at": ((str, type(None)), False),
        "actions": ((list,), False),
        "reviews": ((list,), False),
    },
    "themes": {
        "id": (TEXT, True),
        "name": (TEXT, True),
        "slug": (TEXT, False),
        "colour": (TEXT, False),
        "created": ((str, type(None)), False),
    },
    "sessions": {
        "id": (TEXT, True),
        "number": ((int,), True),
        "date": (TEXT, True),
        "kind": (TEXT, False),
        "setting": (TEXT, False),
        "support_person_present": ((bool,), False),
        "intentions": (TEXT_LIST, False),
        "mood_before": ((int, type(None)), False),
        "mood_after": ((int, type(None)), False),
        "created": ((str, type(None)), False),
    },
    "entries": {
        "id": (TEXT, True),
        "session": ((str, type(None)), False),
        "phase": (TEXT, False),
        "title": (TEXT, False),
        "body": (TEXT, False),
        "emotions": (TEXT_LIST, False),
        "insight": (TEXT, False),
        "themes": (TEXT_LIST, False),
        "intentions": (TEXT_LIST, False),
        "happened_at": ((str, type(None)), False),
        "created": ((str, type(None)), False),
        "updated": ((str, type(None)), False),
        "deleted_at": ((str, type(None)), False),
        "version": ((int,), False),
    },
    "attachments": {
        "id": (TEXT, True),
        "entry": (TEXT, True),
        "kind": (TEXT, False),
        "content_type": (TEXT, False),
        "file": (TEXT, True),
        "alt_text": (TEXT, False),
        "width": ((int, type(None)), False),
        "height": ((int, type(None)), False),
        "duration": ((int, float, type(None)), False),
        "created": ((str, type(None)), False),
    },
    "check_ins": {
        "id": (TEXT, True),
        "date": (TEXT, True),
        "mood": ((int, type(None)), False),
        "sleep_hours": ((str, int, float, type(None)), False),
        "note": (TEXT, False),
        "practices": ((list,), False),
    },
    "measures": {
        "id": (TEXT, True),
        "instrument": (TEXT, True),
        "answers": ((list,), True),
        "created": ((str, type(None)), False),
    },
}

SECTION_LABELS = {
    "intentions": gettext_lazy("Intentions"),
    "themes": gettext_lazy("Themes"),
    "sessions": gettext_lazy("Treatment sessions"),
    "entries": gettext_lazy("Journal entries"),
    "attachments": gettext_lazy("Photos and voice notes"),
    "check_ins": gettext_lazy("Check-ins"),
    "measures": gettext_lazy("Questionnaires"),
}


def _has_type(value: Any, types) -> bool:
    if types == TEXT_LIST:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if isinstance(value, bool) and bool not in types:
        return False  # JSON true is not the number 1
    return isinstance(value, types)


# NUL and lone surrogates ("\ud800", which JSON can spell but UTF-8 cannot): no browser sends
# them, so the forms never see them, and neither SQLite nor PostgreSQL can store them.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable_text_anywhere(value: Any) -> bool:
    """Such a character in any string or key, at any depth of the data."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def validate(data: Any) -> None:
    """Refuse data that is not an export of this format: the wrong shape, not its values."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ImportRefused(_("journal.json is not an Integration Journal export."))
    version = data.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise ImportRefused(
            _("This export uses format version {version}; this app reads version {ours}.").format(
                version=repr(str(version)[:20]), ours=FORMAT_VERSION
            )
        )
    if _unstorable_text_anywhere(data):
        raise ImportRefused(
            _(
                "journal.json contains a character that cannot be stored (NUL or a lone "
                "surrogate), so it was not written by this app."
            )
        )
    total = 0
    for section, fields in SCHEMA.items():
        rows = data.get(section, [])
        label = SECTION_LABELS[section]
        if not isinstance(rows, list):
            raise ImportRefused(
                _("The '{section}' part of journal.json is not a list.").format(section=section)
            )
        total += len(rows)
        for index, row in enumerate(rows):
            where = _("{section}, item {number},").format(section=label, number=index + 1)
            if not isinstance(row, dict):
                raise ImportRefused(_("{where} is not an object.").format(where=where))
            for name, (types, required) in fields.items():
                if name not in row:
                    if required:
                        raise ImportRefused(
                            _("{where} has no '{name}'.").format(where=where, name=name)
                        )
                    continue
                if not _has_type(row[name], types):
                    raise ImportRefused(
                        _("{where} '{name}' has the wrong type.").format(where=where, name=name)
                    )
            try:
                uuid.UUID(row["id"])
            except ValueError as error:
                raise ImportRefused(
                    _("{where} has an id that is not a UUID.").format(where=where)
                ) from error
    chosen = data.get("chosen_practices", [])
    if not _has_type(chosen, TEXT_LIST):
        raise ImportRefused(
            _("The 'chosen_practices' part of journal.json is not a list of names.")
        )
    if total + len(chosen) > MAX_ITEMS:
        raise ImportRefused(_("This export holds more items than can be imported at once."))
    if not _has_type(data.get("tracked_measures", []), TEXT_LIST):
        raise ImportRefused(
            _("The 'tracked_measures' part of journal.json is not a list of names.")
        )


def preview(data: dict[str, Any]) -> dict[str, int]:
    """How many items each part of the file holds, by the names the app uses for them."""
    return {SECTION_LABELS[section]: len(data.get(section, [])) for section in SCHEMA}


def exported_at(data: dict[str, Any]) -> dt.datetime | None:
    """When the file was exported, or None when it does not say (or says it unreadably)."""
    try:
        return _moment(data.get("exported_at"), _("exported_at"))
    except ItemInvalid:
        return None


# --- values the forms do not cover: times, ids --------------------------------------------------

# The bounds of a session's date in SessionForm.clean_date, for every time in the file.
EARLIEST_YEAR = 1900
AHEAD = dt.timedelta(days=366)


def _moment(value: Any, label: str) -> dt.datetime | None:
    """A time from the file, read as the forms read one, or None; ItemInvalid if unreadable."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ItemInvalid(_("its {label} is not a date and time").format(label=label))
    try:
        moment = forms.DateTimeField().clean(value)
        plausible = moment.year >= EARLIEST_YEAR and moment <= timezone.now() + AHEAD
    except (ValidationError, ValueError, OverflowError):
        raise ItemInvalid(
            _("its {label} “{value}” is not a date and time").format(label=label, value=value[:40])
        ) from None
    if not plausible:
        raise ItemInvalid(
            _("its {label} {value} is before {year} or more than a year ahead").format(
                label=label, value=value[:40], year=EARLIEST_YEAR
            )
        )
    return moment


def _whole(value: Any, label: str, default: int = 0) -> int:
    """A non-negative whole number that fits the database (orders, versions)."""
    if value is None:
        return default
    try:
        return forms.IntegerField(min_value=0, max_value=2**31 - 1).clean(value)
    except ValidationError:
        raise ItemInvalid(
            _("its {label} is not a whole number from 0 to 2,147,483,647").format(label=label)
        ) from None


def _reasons(form: forms.Form) -> str:
    """The form's error messages, each after the label of its field, as one line."""
    parts = []
    for name, errors in form.errors.items():
        bound = form.fields.get(name)
        label = str(bound.label or name) if bound is not None else ""
        text = " ".join(str(error) for error in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)


def _text(row: dict, name: str) -> str:
    value = row.get(name, "")
    return value if isinstance(value, str) else ""


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class _Ids:
    """Maps ids in the archive to ids in this account (see the module docstring), and remembers
    which items were skipped, so what points to them can say it lost the link."""

    def __init__(self, user):
        self.user = user
        self.map: dict[tuple[str, str], uuid.UUID] = {}
        self.skipped: dict[tuple[str, str], str] = {}

    def resolve(self, model, kind: str, original: str, owner_field: str = "owner"):
        """(id to use, already_here)"""
        pk = uuid.UUID(original)
        for candidate in (pk, uuid.uuid5(self.user.pk, f"{kind}:{original}")):
            existing = model.objects.filter(pk=candidate).values_list(owner_field, flat=True)
            owner = next(iter(existing), None)
            if owner is None:
                return candidate, False
            if owner == self.user.pk:
                self.map[(kind, original)] = candidate
                return candidate, True
        raise ImportRefused(
            _("Some ids in this archive clash with other data; nothing was imported.")
        )

    def here(self, kind: str, original: str, pk) -> None:
        self.map[(kind, original)] = pk

    def skip(self, kind: str, original: str, name: str) -> None:
        self.skipped[(kind, original)] = name

    def get(self, kind: str, original: str | None):
        return self.map.get((kind, original)) if original else None

    def linked(self, kind: str, originals, report: ImportReport, what: str) -> list:
        """The ids in this account of `originals`; a link to a skipped item is reported."""
        pks = []
        for original in originals:
            pk = self.get(kind, original)
            if pk:
                pks.append(pk)
            elif (kind, original) in self.skipped:
                report.skip(
                    _(
                        "{what} is imported without its link to {other}, which was not imported."
                    ).format(what=what, other=self.skipped[(kind, original)])
                )
        return pks


# --- merging: every item through its form -------------------------------------------------------


def apply_import(
    user, data: dict[str, Any], archive: zipfile.ZipFile | None = None
) -> ImportReport:
    """Merge checked export data into the user's account in one transaction. The attachments'
    files are read from `archive` (the uploaded zip); without it they are skipped."""
    files = _FilesFromArchive(archive)
    try:
        return _apply(user, data, files)
    except BaseException:
        # Nothing of the import is kept, so neither are the files it stored.
        discard_attachment_files(files.written)
        raise


@transaction.atomic
def _apply(user, data: dict[str, Any], files: _FilesFromArchive) -> ImportReport:
    report = ImportReport()
    ids = _Ids(user)
    steps = [
        ("intentions", _import_intention),
        ("themes", _import_theme),
        ("sessions", _import_session),
        ("entries", _import_entry),
        ("check_ins", _import_check_in),
        ("measures", _import_measure),
    ]
    for section, step in steps:
        for row in data.get(section, []):
            step(user, row, ids, report)
        if section == "entries":
            for row in data.get("attachments", []):
                _import_attachment(user, row, ids, report, files)
    _import_chosen_practices(user, data.get("chosen_practices", []))
    _import_tracked_measures(user, data.get("tracked_measures"))
    _note_what_stays_out(data, report)
    report.finish()
    return report


def _skipped(report: ImportReport, name: str, reason: str) -> None:
    report.skip(
        _("{name} was not imported: {reason}.").format(name=name, reason=reason.rstrip("."))
    )


def _import_intention(user, row, ids: _Ids, report: ImportReport) -> None:
    name = _("Intention “{title}”").format(title=_short(row["title"]))
    pk, here = ids.resolve(Intention, "intention", row["id"])
    if here:
        report.already_here("intentions")
        return
    form = IntentionForm(data={f: _text(row, f) for f in IntentionForm.Meta.fields})
    status = StatusForm(data={"status": row.get("status") or Intention.Status.ACTIVE})
    try:
        if not form.is_valid():
            raise ItemInvalid(_reasons(form))
        if not status.is_valid():
            raise ItemInvalid(_reasons(status))
        created = _moment(row.get("created"), _("creation time")) or timezone.now()
        changed = _moment(row.get("status_changed_at"), _("status time")) or created
        deleted = _moment(row.get("deleted_at"), _("time of deletion"))
        order = _whole(row.get("order"), _("order"))
    except ItemInvalid as invalid:
        ids.skip(
            "intention", row["id"], _("intention “{title}”").format(title=_short(row["title"]))
        )
        _skipped(report, _("{name}, with its steps and reviews,").format(name=name), str(invalid))
        return
    intention = form.save(commit=False)
    intention.pk, intention.owner = pk, user
    intention.status, intention.status_changed_at = status.cleaned_data["status"], changed
    intention.order, intention.created, intention.deleted_at = order, created, deleted
    intention.render_texts()
    intention.save()
    ids.here("intention", row["id"], pk)
    for action in row.get("actions", []):
        _import_action(intention, action, name, report)
    for review in row.get("reviews", []):
        _import_review(intention, review, name, report)
    report.add("intentions")


def _import_action(intention: Intention, row, owner_name: str, report: ImportReport) -> None:
    row = row if isinstance(row, dict) else {}
    form = ActionForm(data={"text": _text(row, "text")})
    name = _("A step of {owner}").format(owner=owner_name.lower())
    try:
        if not form.is_valid():
            raise ItemInvalid(_reasons(form))
        done_at = _moment(row.get("done_at"), _("time done"))
        created = _moment(row.get("created"), _("creation time")) or intention.created
        order = _whole(row.get("order"), _("order"))
    except ItemInvalid as invalid:
        _skipped(report, name, str(invalid))
        return
    action = form.save(commit=False)
    action.intention, action.order, action.done_at, action.created = (
        intention,
        order,
        done_at,
        created,
    )
    action.save()


def _import_review(intention: Intention, row, owner_name: str, report: ImportReport) -> None:
    row = row if isinstance(row, dict) else {}
    form = ReviewForm(data={"progress": row.get("progress"), "note": _text(row, "note")})
    name = _("A review of {owner}").format(owner=owner_name.lower())
    try:
        if not form.is_valid():
            raise ItemInvalid(_reasons(form))
        created = _moment(row.get("created"), _("creation time")) or intention.created
    except ItemInvalid as invalid:
        _skipped(report, name, str(invalid))
        return
    review = form.save(commit=False)
    review.intention, review.created = intention, created
    review.note_html = render_markdown(review.note)
    review.save()


def _import_theme(user, row, ids: _Ids, report: ImportReport) -> None:
    name = _("Theme “{name}”").format(name=_short(row["name"]))
    slug = theme_slug(" ".join(row["name"].split()))
    existing = Theme.objects.filter(owner=user, slug=slug).first() if slug else None
    if existing:
        ids.here("theme", row["id"], existing.pk)
        return
    pk, here = ids.resolve(Theme, "theme", row["id"])
    if here:
        report.already_here("themes")
        return
    form = ThemeForm(data={"name": row["name"], "colour": _text(row, "colour")}, owner=user)
    try:
        if not form.is_valid():
            raise ItemInvalid(_reasons(form))
        created = _moment(row.get("created"), _("creation time")) or timezone.now()
    except ItemInvalid as invalid:
        ids.skip("theme", row["id"], _("theme “{name}”").format(name=_short(row["name"])))
        _skipped(report, name, str(invalid))
        return
    Theme.objects.create(
        pk=pk,
        owner=user,
        name=form.cleaned_data["name"],
        slug=form.slug,
        colour=form.cleaned_data["colour"],
        created=created,
    )
    ids.here("theme", row["id"], pk)
    report.add("themes")


def _import_session(user, row, ids: _Ids, report: ImportReport) -> None:
    number = _short(str(row["number"]), 30)
    label = _("session {number}").format(number=number)
    capital = _("Session {number}").format(number=number)
    pk, here = ids.resolve(TreatmentSession, "session", row["id"])
    if here:
        report.already_here("treatment sessions")
        return
    values = {f: row.get(f) for f in SessionForm.Meta.fields if f != "intentions"}
    values["kind"] = values["kind"] or TreatmentSession.Kind.OTHER
    form = SessionForm(data={k: v for k, v in values.items() if v is not None}, owner=user)
    try:
        if not form.is_valid():
            raise ItemInvalid(_reasons(form))
        created = _moment(row.get("created"), _("creation time")) or timezone.now()
    except ItemInvalid as invalid:
        ids.skip("session", row["id"], label)
        _skipped(report, capital, str(invalid))
        return
    session = form.save(commit=False)
    session.pk, session.owner, session.created = pk, user, created
    session.save()
    ids.here("session", row["id"], pk)
    session.intentions.set(ids.linked("intention", row.get("intentions", []), report, capital))
    report.add("sessions")


def _entry_name(row) -> str:
    title = _text(row, "title").strip()
    if title:
        return _("Entry “{title}”").format(title=_short(title))
    created = (_text(row, "happened_at") or _text(row, "created"))[:10]
    return _("The entry of {day}").format(day=created) if created else _("An entry without a title")


def _import_entry(user, row, ids: _Ids, report: ImportReport) -> None:
    name = _entry_name(row)
    pk, here = ids.resolve(Entry, "entry", row["id"])
    if here:
        report.already_here("journal entries")
        return
    emotions = row.get("emotions", [])
    themes = [ids.get("theme", t) for t in row.get("themes", [])]
    theme_names = Theme.objects.filter(pk__in=[t for t in themes if t]).values_list("name")
    # When it happened goes through the form's own check (at most a day ahead); an archive from
    # before the field existed says when the entry was written, and it happened then.
    happened = row.get("happened_at") or row.get("created")
    when = {"happened_at": happened} if isinstance(happened, str) else {}
    form = EntryForm(
        data={
            **when,
            "phase": row.get("phase") or Entry.Phase.FREE,
            "title": _text(row, "title"),
            "body": _text(row, "body"),
            "insight": _text(row, "insight"),
            "emotions": [e for e in emotions if e in FEELINGS],
            "other_emotions": ", ".join(e for e in emotions if e not in FEELINGS),
            # Only for the form's limits on themes; the links are made by id below, as a
            # theme's name may hold a comma, which the entry form reads as a separator.
            "theme_names": ", ".join(n.replace(",", " ") for (n,) in theme_names),
        },
        owner=user,
    )
    try:
        if not form.is_valid():
            raise ItemInvalid(_reasons(form))
        created = _moment(row.get("created"), _("creation time")) or timezone.now()
        updated = _moment(row.get("updated"), _("time of change")) or created
        deleted = _moment(row.get("deleted_at"), _("time of deletion"))
        version = _whole(row.get("version"), _("version"), default=1) or 1
    except ItemInvalid as invalid:
        ids.skip("entry", row["id"], name)
        _skipped(report, name, str(invalid))
        return
    entry = form.save(commit=False)
    entry.pk, entry.owner = pk, user
    entry.emotions = form.emotion_list()
    entry.body_html = render_markdown(entry.body)
    entry.created, entry.updated, entry.deleted_at = created, updated, deleted
    entry.version = version
    session = ids.linked("session", [row.get("session")], report, name)
    entry.session_id = session[0] if session else None
    entry.save()
    entry.themes.set(ids.linked("theme", row.get("themes", []), report, name))
    entry.intentions.set(ids.linked("intention", row.get("intentions", []), report, name))
    ids.here("entry", row["id"], pk)
    report.add("entries")


class _FilesFromArchive:
    """Reads attachment files from the zip, at most one attachment's size each, and remembers
    what was stored, so a failed import can remove it again."""

    def __init__(self, archive: zipfile.ZipFile | None):
        self.archive = archive
        self.written: list[str] = []

    def read(self, name: str) -> bytes:
        if self.archive is None:
            raise ItemInvalid(_("the archive's files were not kept"))
        if not name.startswith("attachments/"):
            raise ItemInvalid(_("its file is not in the archive's attachments folder"))
        limit = settings.ATTACHMENT_MAX_BYTES
        try:
            info = self.archive.getinfo(name)
            if info.file_size > limit:
                raise ItemInvalid(_("its file is larger than {size} MB").format(size=limit // MB))
            with self.archive.open(info) as handle:
                data = handle.read(limit + 1)
        except KeyError as error:
            raise ItemInvalid(_("its file is missing from the archive")) from error
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            RuntimeError,
            NotImplementedError,
            zlib.error,
            ValueError,
        ) as error:
            raise ItemInvalid(_("its file could not be read from the archive")) from error
        if len(data) > limit:
            raise ItemInvalid(_("its file is larger than {size} MB").format(size=limit // MB))
        return data


def _import_attachment(user, row, ids: _Ids, report: ImportReport, files) -> None:
    day = _text(row, "created")[:10]
    if row.get("kind") == Attachment.Kind.AUDIO:
        name = _("A voice note of {day}").format(day=day) if day else _("A voice note of an entry")
    else:
        name = _("A photo of {day}").format(day=day) if day else _("A photo of an entry")
    entry_pk = ids.get("entry", row["entry"])
    if entry_pk is None:
        _skipped(report, name, _("its entry is not in this account"))
        return
    pk, here = ids.resolve(Attachment, "attachment", row["id"])
    if here:
        report.already_here("photos and voice notes")
        return
    describe = DescribeForm(data={"alt_text": _text(row, "alt_text")})
    duration = row.get("duration")
    try:
        if not describe.is_valid():
            raise ItemInvalid(_reasons(describe))
        created = _moment(row.get("created"), _("creation time")) or timezone.now()
        # The bytes are checked again, as for an upload: the file says what it is, not the row.
        try:
            prepared = prepare(
                files.read(row["file"]),
                recorded_seconds=float(duration) if isinstance(duration, int | float) else None,
            )
            entry = Entry.objects.get(pk=entry_pk)
            check_room(entry, user, prepared.size)
        except AttachmentRefused as refusal:
            raise ItemInvalid(str(refusal)) from refusal
    except ItemInvalid as invalid:
        _skipped(report, name, str(invalid))
        return
    attachment = store(
        entry, prepared, alt_text=describe.cleaned_data["alt_text"], pk=pk, created=created
    )
    files.written.extend(stored_names(attachment))
    report.add("photos and voice notes")


def _note_what_stays_out(data, report: ImportReport) -> None:
    if data.get("reflections") or data.get("support_notes"):
        report.skip(
            _(
                "Reflections and support-person notes are kept in the export for your records; "
                "they are not imported, because they belong to the people who wrote them."
            )
        )
    if data.get("access_log"):
        report.skip(_("The access log of the old account is not imported."))


PRACTICE_NAME_MAX = Practice._meta.get_field("name").max_length


def _practice_named(user, name: str) -> Practice:
    """The practice called `name` (the person's own or the catalogue's), or a new, unsaved one
    with the name cleaned as practices.forms.ChooseForm cleans it; ItemInvalid if unusable."""
    name = " ".join(name.split())
    if not name or len(name) > PRACTICE_NAME_MAX:
        raise ItemInvalid(
            _("a practice name must have 1 to {max} characters").format(max=PRACTICE_NAME_MAX)
        )
    found = (
        Practice.objects.filter(owner=user, name=name).first()
        or Practice.objects.filter(owner__isnull=True, name=name).first()
    )
    return found or Practice(owner=user, name=name)


def _import_chosen_practices(user, names: list[str]) -> None:
    for name in names:
        try:
            practice = _practice_named(user, name)
        except ItemInvalid:
            continue
        if practice._state.adding:
            practice.save()
        PracticeChoice.objects.get_or_create(owner=user, practice=practice)


def _import_tracked_measures(user, codes: list[str] | None) -> None:
    """The questionnaires the file's account tracked, for an account that has not chosen yet
    (a choice made here is the person's own and stays). Unknown codes are left out."""
    if codes is None or TrackedMeasures.objects.filter(owner=user).exists():
        return
    TrackedMeasures.objects.create(owner=user, codes=[c for c in INSTRUMENTS if c in codes])


def _check_in_day(value: str):
    try:
        day = forms.DateField().clean(value[:10])
    except (ValidationError, ValueError, OverflowError):
        raise ItemInvalid(_("its date “{value}” is not a date").format(value=value[:20])) from None
    if day.year < EARLIEST_YEAR or day > timezone.localdate() + dt.timedelta(days=1):
        raise ItemInvalid(
            _("its date {day} is before {year} or in the future").format(
                day=day, year=EARLIEST_YEAR
            )
        )
    return day


def _import_check_in(user, row, ids: _Ids, report: ImportReport) -> None:
    name = _("The check-in of {day}").format(day=_short(row["date"], 20))
    try:
        day = _check_in_day(row["date"])
        if CheckIn.objects.filter(owner=user, date=day).exists():
            report.already_here("check-ins")
            return
        logs = [log for log in row.get("practices", []) if isinstance(log, dict)]
        named: dict[str, Practice] = {}
        practices = []
        for log in logs:
            practice = _practice_named(user, _text(log, "practice"))
            practice = named.setdefault(practice.name, practice)
            practices.append(practice)
        values = {"mood": row.get("mood"), "sleep_hours": row.get("sleep_hours")}
        values["note"] = _text(row, "note")
        for practice, log in zip(practices, logs, strict=True):  # the same practice twice: once
            values[f"done_{practice.pk}"] = True
            values[f"minutes_{practice.pk}"] = log.get("minutes")
        form = CheckInForm(
            data={k: v for k, v in values.items() if v is not None}, practices=list(named.values())
        )
        if not form.is_valid():
            raise ItemInvalid(_reasons(form))
    except ItemInvalid as invalid:
        _skipped(report, name, str(invalid))
        return
    check_in = CheckIn.objects.create(
        owner=user,
        date=day,
        mood=form.cleaned_data["mood"],
        sleep_hours=form.cleaned_data["sleep_hours"],
        note=form.cleaned_data["note"],
    )
    for practice, minutes in form.done().items():
        if practice._state.adding:
            practice.save()
        PracticeLog.objects.get_or_create(
            check_in=check_in, practice=practice, defaults={"minutes": minutes}
        )
    report.add("check-ins")


def _import_measure(user, row, ids: _Ids, report: ImportReport) -> None:
    pk, here = ids.resolve(Response, "response", row["id"])
    if here:
        report.already_here("questionnaires")
        return
    name = _("A questionnaire ({instrument})").format(instrument=_short(row["instrument"], 20))
    try:
        try:
            fields = score_response(row["instrument"], row["answers"])
        except (ValueError, TypeError) as error:
            raise ItemInvalid(str(error)) from None
        created = _moment(row.get("created"), _("time")) or timezone.now()
        # An imported answer was given elsewhere, earlier: never a new alert for anyone.
        if fields["item9_positive"]:
            fields["flag_state"] = Response.FlagState.PRIVATE
    except ItemInvalid as invalid:
        _skipped(report, name, str(invalid))
        return
    Response.objects.create(pk=pk, owner=user, created=created, **fields)
    ids.here("response", row["id"], pk)
    report.add("questionnaires")
