"""Bring an export zip back: validate it completely, preview it, then merge it in one transaction.

Merging is by stable ids. An item whose id is already in this account is skipped, so importing
the same archive twice creates nothing the second time. An id that belongs to someone else
(importing into a second account on the same server) is mapped to a new id derived from the
account and the original id, so repeated imports into that account are stable too.

Hostile archives are refused before anything is written: not a zip, too large, too many files,
a compression ratio typical of zip bombs, names that climb out of the archive, a journal.json
that is not our format or fails validation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime

from integration_journal.markdown import render_markdown
from intentions.models import Action, Intention, Review
from journal.models import Entry, Theme, TreatmentSession, theme_slug
from measures.instruments import score_response
from measures.models import Response
from mydata.export import FORMAT_NAME, FORMAT_VERSION
from practices.models import CheckIn, Practice, PracticeChoice, PracticeLog

MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_RATIO = 200
MAX_ITEMS = 100_000
UNICODE_SLUG = re.compile(r"[-\w]+")


class ImportRefused(Exception):
    """The archive cannot be imported; the message says why, in plain words."""


@dataclass
class ImportPlan:
    data: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def add(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def read_archive(upload) -> dict[str, Any]:
    """Open and validate an uploaded export; return journal.json's data or raise ImportRefused."""
    if upload.size > MAX_ARCHIVE_BYTES:
        raise ImportRefused("This file is larger than 20 MB, more than an export can be.")
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportRefused(
            "This is not a zip file made by Integration Journal's export."
        ) from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ImportRefused("This archive holds far more files than an export does.")
        total = 0
        for member in members:
            name = member.filename
            if (
                name.startswith(("/", "\\"))
                or ".." in name.replace("\\", "/").split("/")
                or (len(name) > 1 and name[1] == ":")
            ):
                raise ImportRefused(f"This archive contains an unsafe file name ({name[:80]}).")
            total += member.file_size
            if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
                raise ImportRefused("This archive expands to far more than it holds (a zip bomb).")
        if total > MAX_JSON_BYTES * 4:
            raise ImportRefused("This archive expands to more than an export can be.")
        try:
            info = archive.getinfo("journal.json")
        except KeyError as error:
            raise ImportRefused("This zip has no journal.json, so it is not an export.") from error
        if info.file_size > MAX_JSON_BYTES:
            raise ImportRefused("journal.json in this archive is too large.")
        try:
            with archive.open(info) as handle:
                raw = handle.read(MAX_JSON_BYTES + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
            raise ImportRefused("journal.json could not be read from this archive.") from error
    if len(raw) > MAX_JSON_BYTES:
        raise ImportRefused("journal.json in this archive is too large.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportRefused("journal.json in this archive is not valid JSON.") from error
    validate(data)
    return data


# --- validation -------------------------------------------------------------------------------

SCHEMA: dict[str, dict[str, tuple]] = {
    # section: {field: (types, required)}
    "intentions": {
        "id": (str, True),
        "title": (str, True),
        "success_looks_like": (str, False),
        "troubles_most": (str, False),
        "replace_with": (str, False),
        "why_it_matters": (str, False),
        "status": (str, False),
        "order": (int, False),
        "created": (str, False),
        "status_changed_at": ((str, type(None)), False),
        "deleted_at": ((str, type(None)), False),
        "actions": (list, False),
        "reviews": (list, False),
    },
    "themes": {
        "id": (str, True),
        "name": (str, True),
        "slug": (str, False),
        "colour": (str, False),
        "created": (str, False),
    },
    "sessions": {
        "id": (str, True),
        "number": (int, True),
        "date": (str, True),
        "kind": (str, False),
        "setting": (str, False),
        "support_person_present": (bool, False),
        "intentions": (list, False),
        "mood_before": ((int, type(None)), False),
        "mood_after": ((int, type(None)), False),
        "created": (str, False),
    },
    "entries": {
        "id": (str, True),
        "session": ((str, type(None)), False),
        "phase": (str, False),
        "title": (str, False),
        "body": (str, False),
        "emotions": (list, False),
        "insight": (str, False),
        "themes": (list, False),
        "intentions": (list, False),
        "created": (str, False),
        "updated": ((str, type(None)), False),
        "deleted_at": ((str, type(None)), False),
        "version": (int, False),
    },
    "check_ins": {
        "id": (str, True),
        "date": (str, True),
        "mood": ((int, type(None)), False),
        "sleep_hours": ((str, int, float, type(None)), False),
        "note": (str, False),
        "practices": (list, False),
    },
    "measures": {
        "id": (str, True),
        "instrument": (str, True),
        "answers": (list, True),
        "created": (str, False),
    },
}
TEXT_LIMITS = {"title": 200, "body": 100_000, "name": 60, "setting": 200, "text": 500}


def _check_text(value: str, where: str, limit: int = 100_000) -> None:
    if "\x00" in value:
        raise ImportRefused(f"{where} contains a NUL character, which cannot be stored.")
    if len(value) > limit:
        raise ImportRefused(f"{where} is longer than {limit:,} characters.")


def validate(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ImportRefused("journal.json is not an Integration Journal export.")
    if data.get("version") != FORMAT_VERSION:
        raise ImportRefused(
            f"This export uses format version {data.get('version')!r}; this app reads "
            f"version {FORMAT_VERSION}."
        )
    total = 0
    for section, fields in SCHEMA.items():
        rows = data.get(section, [])
        if not isinstance(rows, list):
            raise ImportRefused(f"The '{section}' part of journal.json is not a list.")
        total += len(rows)
        for index, row in enumerate(rows):
            where = f"{section} item {index + 1}"
            if not isinstance(row, dict):
                raise ImportRefused(f"{where} is not an object.")
            for name, (types, required) in fields.items():
                if name not in row:
                    if required:
                        raise ImportRefused(f"{where} has no '{name}'.")
                    continue
                value = row[name]
                if isinstance(value, bool) and types is int:
                    raise ImportRefused(f"{where}: '{name}' has the wrong type.")
                if not isinstance(value, types):
                    raise ImportRefused(f"{where}: '{name}' has the wrong type.")
                if isinstance(value, str):
                    _check_text(value, f"{where}: '{name}'", TEXT_LIMITS.get(name, 100_000))
            try:
                uuid.UUID(row["id"])
            except ValueError as error:
                raise ImportRefused(f"{where} has an id that is not a UUID.") from error
    if total > MAX_ITEMS:
        raise ImportRefused("This export holds more items than can be imported at once.")


SECTION_LABELS = {
    "intentions": "Intentions",
    "themes": "Themes",
    "sessions": "Treatment sessions",
    "entries": "Journal entries",
    "check_ins": "Check-ins",
    "measures": "Questionnaires",
}


def preview(data: dict[str, Any]) -> dict[str, int]:
    """How many items each part of the file holds, by the names the app uses for them."""
    return {SECTION_LABELS[section]: len(data.get(section, [])) for section in SCHEMA}


# --- merge ----------------------------------------------------------------------------------------


def _when(value: str | None, default=None):
    if not value:
        return default
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            return default
        parsed = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return parsed


def exported_at(data: dict[str, Any]) -> dt.datetime | None:
    """When the file was exported, or None when it does not say (or says it unreadably)."""
    value = data.get("exported_at")
    if not isinstance(value, str):
        return None
    try:
        return _when(value)
    except ValueError:
        return None


class _Ids:
    """Maps ids in the archive to ids in this account (see the module docstring)."""

    def __init__(self, user):
        self.user = user
        self.map: dict[tuple[str, str], uuid.UUID] = {}

    def resolve(self, model, kind: str, original: str, owner_field: str = "owner"):
        """(id to use, already_here)"""
        pk = uuid.UUID(original)
        for candidate in (pk, uuid.uuid5(self.user.pk, f"{kind}:{original}")):
            existing = model.objects.filter(pk=candidate).values_list(owner_field, flat=True)
            owner = next(iter(existing), None)
            if owner is None:
                self.map[(kind, original)] = candidate
                return candidate, False
            if owner == self.user.pk:
                self.map[(kind, original)] = candidate
                return candidate, True
        raise ImportRefused("Some ids in this archive clash with other data; nothing was imported.")

    def get(self, kind: str, original: str | None):
        return self.map.get((kind, original)) if original else None


def _choice(model, field_name: str, value: str, default: str) -> str:
    choices = {c[0] for c in model._meta.get_field(field_name).choices}
    return value if value in choices else default


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@transaction.atomic
def apply_import(user, data: dict[str, Any]) -> ImportReport:
    """Merge validated export data into the user's account. All or nothing."""
    report = ImportReport()
    ids = _Ids(user)
    for row in data.get("intentions", []):
        _import_intention(user, row, ids, report)
    for row in data.get("themes", []):
        _import_theme(user, row, ids, report)
    for row in data.get("sessions", []):
        _import_session(user, row, ids, report)
    for row in data.get("entries", []):
        _import_entry(user, row, ids, report)
    already = len(data.get("entries", [])) - report.created.get("entries", 0)
    if already:
        report.skipped.append(f"{already} journal entries were already in your account.")
    _import_practices(user, data, ids, report)
    _import_measures(user, data, ids, report)
    _note_what_stays_out(data, report)
    return report


def _import_intention(user, row, ids: _Ids, report: ImportReport) -> None:
    pk, here = ids.resolve(Intention, "intention", row["id"])
    if here:
        report.skipped.append(f"Intention “{row['title'][:60]}” is already in your account.")
        return
    intention = Intention.objects.create(
        pk=pk,
        owner=user,
        title=row["title"],
        success_looks_like=row.get("success_looks_like", ""),
        troubles_most=row.get("troubles_most", ""),
        replace_with=row.get("replace_with", ""),
        why_it_matters=row.get("why_it_matters", ""),
        status=_choice(Intention, "status", row.get("status", ""), "active"),
        status_changed_at=_when(row.get("status_changed_at"), _when(row.get("created"))),
        order=max(0, row.get("order", 0)),
        created=_when(row.get("created"), None) or _now(),
        deleted_at=_when(row.get("deleted_at")),
    )
    for action in row.get("actions", []):
        _import_action(intention, action, report)
    for review in row.get("reviews", []):
        _import_review(intention, review, report)
    report.add("intentions")


def _import_action(intention, action, report: ImportReport) -> None:
    if not isinstance(action, dict) or not isinstance(action.get("text"), str):
        report.skipped.append("An action without text was skipped.")
        return
    _check_text(action["text"], "An action", 500)
    Action.objects.create(
        intention=intention,
        text=action["text"],
        order=max(0, int(action.get("order", 0))),
        done_at=_when(action.get("done_at")),
        created=_when(action.get("created")) or intention.created,
    )


def _import_review(intention, review, report: ImportReport) -> None:
    progress = review.get("progress") if isinstance(review, dict) else None
    if not isinstance(progress, int) or not 0 <= progress <= 10:
        report.skipped.append("A review with a progress outside 0–10 was skipped.")
        return
    note = review.get("note", "") if isinstance(review.get("note", ""), str) else ""
    _check_text(note, "A review note", 10_000)
    Review.objects.create(
        intention=intention,
        progress=progress,
        note=note,
        note_html=render_markdown(note),
        created=_when(review.get("created")) or intention.created,
    )


def _import_theme(user, row, ids: _Ids, report: ImportReport) -> None:
    slug = row.get("slug", "")
    if not slug or len(slug) > 80 or not UNICODE_SLUG.fullmatch(slug):
        slug = theme_slug(row["name"]) or "theme"
    existing = Theme.objects.filter(owner=user, slug=slug).first()
    if existing:
        ids.map[("theme", row["id"])] = existing.pk
        return
    pk, here = ids.resolve(Theme, "theme", row["id"])
    if not here:
        Theme.objects.create(
            pk=pk, owner=user, name=row["name"], slug=slug, colour=row.get("colour", "")[:20]
        )
        report.add("themes")


def _import_session(user, row, ids: _Ids, report: ImportReport) -> None:
    pk, here = ids.resolve(TreatmentSession, "session", row["id"])
    if here:
        report.skipped.append(f"Session {row['number']} is already in your account.")
        return
    moods = [row.get("mood_before"), row.get("mood_after")]
    if any(m is not None and not 0 <= m <= 10 for m in moods):
        report.skipped.append(f"Session {row['number']} had a mood outside 0–10; skipped.")
        return
    date = _when(row["date"])
    if date is None:
        report.skipped.append(f"Session {row['number']} had no readable date; skipped.")
        return
    session = TreatmentSession.objects.create(
        pk=pk,
        owner=user,
        number=max(0, row["number"]),
        date=date,
        kind=_choice(TreatmentSession, "kind", row.get("kind", ""), "other"),
        setting=row.get("setting", ""),
        support_person_present=row.get("support_person_present", False),
        mood_before=moods[0],
        mood_after=moods[1],
    )
    session.intentions.set(_mapped(ids, "intention", row.get("intentions", [])))
    report.add("sessions")


def _import_entry(user, row, ids: _Ids, report: ImportReport) -> None:
    pk, here = ids.resolve(Entry, "entry", row["id"])
    if here:
        return
    emotions = [e for e in row.get("emotions", []) if isinstance(e, str) and "\x00" not in e]
    created = _when(row.get("created")) or _now()
    entry = Entry.objects.create(
        pk=pk,
        owner=user,
        session_id=ids.get("session", row.get("session")),
        phase=_choice(Entry, "phase", row.get("phase", ""), "free"),
        title=row.get("title", ""),
        body=row.get("body", ""),
        body_html=render_markdown(row.get("body", "")),
        emotions=emotions,
        insight=row.get("insight", ""),
        created=created,
        updated=_when(row.get("updated")) or created,
        deleted_at=_when(row.get("deleted_at")),
    )
    entry.themes.set(_mapped(ids, "theme", row.get("themes", [])))
    entry.intentions.set(_mapped(ids, "intention", row.get("intentions", [])))
    report.add("entries")


def _mapped(ids: _Ids, kind: str, originals) -> list:
    """The ids in this account of the archive's `originals` that were imported or found."""
    return [pk for pk in (ids.get(kind, original) for original in originals) if pk]


def _note_what_stays_out(data, report: ImportReport) -> None:
    if data.get("reflections") or data.get("support_notes"):
        report.skipped.append(
            "Reflections and support-person notes are kept in the export for your records; "
            "they are not imported, because they belong to the people who wrote them."
        )
    if data.get("access_log"):
        report.skipped.append("The access log of the old account is not imported.")


def _practice_named(user, name: str):
    practice = (
        Practice.objects.filter(owner=user, name=name).first()
        or Practice.objects.filter(owner__isnull=True, name=name).first()
    )
    if practice is None:
        _check_text(name, "A practice name", 80)
        practice = Practice.objects.create(owner=user, name=name)
    return practice


def _import_practices(user, data, ids: _Ids, report: ImportReport) -> None:
    chosen = data.get("chosen_practices", [])
    if isinstance(chosen, list):
        for name in chosen:
            if isinstance(name, str) and name.strip():
                PracticeChoice.objects.get_or_create(
                    owner=user, practice=_practice_named(user, name.strip()[:80])
                )
    for row in data.get("check_ins", []):
        _import_check_in(user, row, report)


def _import_check_in(user, row, report: ImportReport) -> None:
    day = parse_date(row["date"][:10]) if row.get("date") else None
    if day is None:
        report.skipped.append("A check-in without a readable date was skipped.")
        return
    if CheckIn.objects.filter(owner=user, date=day).exists():
        report.skipped.append(f"The check-in of {day} was already in your account.")
        return
    mood = row.get("mood")
    try:
        sleep = Decimal(str(row["sleep_hours"])) if row.get("sleep_hours") is not None else None
    except InvalidOperation:
        sleep = None
    if (mood is not None and not 0 <= mood <= 10) or (sleep is not None and not 0 <= sleep <= 24):
        report.skipped.append(f"The check-in of {day} had values out of range; skipped.")
        return
    note = row.get("note", "")
    _check_text(note, f"The check-in of {day}", 2000)
    check_in = CheckIn.objects.create(owner=user, date=day, mood=mood, sleep_hours=sleep, note=note)
    for log in row.get("practices", []):
        if not isinstance(log, dict) or not isinstance(log.get("practice"), str):
            continue
        practice = _practice_named(user, log["practice"][:80])
        minutes = log.get("minutes")
        minutes = minutes if isinstance(minutes, int) and 0 <= minutes <= 1440 else None
        PracticeLog.objects.get_or_create(
            check_in=check_in, practice=practice, defaults={"minutes": minutes}
        )
    report.add("check-ins")


def _import_measures(user, data, ids: _Ids, report: ImportReport) -> None:
    for row in data.get("measures", []):
        pk, here = ids.resolve(Response, "response", row["id"])
        if here:
            continue
        try:
            fields = score_response(row["instrument"], row["answers"])
        except (ValueError, KeyError, TypeError):
            report.skipped.append("A questionnaire with invalid answers was skipped.")
            continue
        # An imported answer was given elsewhere, earlier: never a new alert for anyone.
        if fields["item9_positive"]:
            fields["flag_state"] = Response.FlagState.PRIVATE
        Response.objects.create(
            pk=pk,
            owner=user,
            created=_when(row.get("created")) or _now(),
            **fields,
        )
        report.add("questionnaires")
