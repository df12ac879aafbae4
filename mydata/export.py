"""Export everything a person wrote as one zip: Markdown files for reading, journal.json for
machines. The format is documented in docs/export-format.md; `FORMAT_VERSION` changes when it
changes incompatibly.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.text import slugify

from care.models import AccessEvent, Reflection, SupportNote
from intentions.models import Intention
from journal.models import Attachment, Entry, Theme, TreatmentSession
from journal.storage import attachment_storage
from measures.models import Response, tracked_codes
from practices.models import CheckIn, Practice, PracticeChoice

FORMAT_NAME = "integration-journal-export"
FORMAT_VERSION = 2
# Version 1 is version 2 without attachments; both are read.
READABLE_VERSIONS = (1, 2)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _intentions(user) -> list[dict[str, Any]]:
    rows = []
    for intention in Intention.objects.filter(owner=user).prefetch_related("actions", "reviews"):
        rows.append(
            {
                "id": str(intention.pk),
                "title": intention.title,
                "success_looks_like": intention.success_looks_like,
                "troubles_most": intention.troubles_most,
                "replace_with": intention.replace_with,
                "why_it_matters": intention.why_it_matters,
                "status": intention.status,
                "status_changed_at": _iso(intention.status_changed_at),
                "order": intention.order,
                "created": _iso(intention.created),
                "deleted_at": _iso(intention.deleted_at),
                "actions": [
                    {
                        "id": str(action.pk),
                        "text": action.text,
                        "order": action.order,
                        "done_at": _iso(action.done_at),
                        "created": _iso(action.created),
                    }
                    for action in intention.actions.all()
                ],
                "reviews": [
                    {
                        "id": str(review.pk),
                        "progress": review.progress,
                        "note": review.note,
                        "created": _iso(review.created),
                    }
                    for review in intention.reviews.all()
                ],
            }
        )
    return rows


def _themes(user) -> list[dict[str, Any]]:
    return [
        {
            "id": str(theme.pk),
            "name": theme.name,
            "slug": theme.slug,
            "colour": theme.colour,
            "created": _iso(theme.created),
        }
        for theme in Theme.objects.filter(owner=user)
    ]


def _sessions(user) -> list[dict[str, Any]]:
    sessions = TreatmentSession.objects.filter(owner=user).prefetch_related("intentions")
    return [
        {
            "id": str(session.pk),
            "number": session.number,
            "date": _iso(session.date),
            "kind": session.kind,
            "setting": session.setting,
            "support_person_present": session.support_person_present,
            "intentions": [str(i.pk) for i in session.intentions.all()],
            "mood_before": session.mood_before,
            "mood_after": session.mood_after,
            "created": _iso(session.created),
        }
        for session in sessions
    ]


def _entries(user) -> list[dict[str, Any]]:
    entries = (
        Entry.objects.filter(owner=user)
        .select_related("session")
        .prefetch_related("themes", "intentions")
        .order_by("happened_at", "pk")
    )
    return [
        {
            "id": str(entry.pk),
            "session": str(entry.session_id) if entry.session_id else None,
            "phase": entry.phase,
            "title": entry.title,
            "body": entry.body,
            "emotions": list(entry.emotions or []),
            "insight": entry.insight,
            "themes": [str(t.pk) for t in entry.themes.all()],
            "intentions": [str(i.pk) for i in entry.intentions.all()],
            "version": entry.version,
            "happened_at": _iso(entry.happened_at),
            "created": _iso(entry.created),
            "updated": _iso(entry.updated),
            "deleted_at": _iso(entry.deleted_at),
        }
        for entry in entries
    ]


def attachment_member(attachment) -> str:
    return f"attachments/{attachment.pk}.{attachment.extension}"


def _attachments(user) -> list[dict[str, Any]]:
    return [
        {
            "id": str(a.pk),
            "entry": str(a.entry_id),
            "kind": a.kind,
            "content_type": a.content_type,
            "file": attachment_member(a),
            "alt_text": a.alt_text,
            "width": a.width,
            "height": a.height,
            "duration": a.duration,
            "created": _iso(a.created),
        }
        for a in Attachment.objects.filter(owner=user).order_by("created")
    ]


def _practices(user) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    practices = [
        {
            "id": str(p.pk),
            "name": p.name,
            "description": p.description,
            "custom": p.owner_id is not None,
        }
        for p in Practice.objects.filter(owner=user)
    ]
    check_ins = []
    for check_in in CheckIn.objects.filter(owner=user).prefetch_related("logs__practice"):
        check_ins.append(
            {
                "id": str(check_in.pk),
                "date": _iso(check_in.date),
                "mood": check_in.mood,
                "sleep_hours": (
                    str(check_in.sleep_hours) if check_in.sleep_hours is not None else None
                ),
                "note": check_in.note,
                "practices": [
                    {
                        "practice": log.practice.name,
                        "practice_id": str(log.practice_id),
                        "minutes": log.minutes,
                    }
                    for log in check_in.logs.all()
                ],
            }
        )
    return practices, check_ins


def _chosen_practices(user) -> list[str]:
    choices = PracticeChoice.objects.filter(owner=user).select_related("practice")
    return sorted(choice.practice.name for choice in choices)


def _measures(user) -> list[dict[str, Any]]:
    return [
        {
            "id": str(r.pk),
            "instrument": r.instrument,
            "answers": list(r.answers),
            "total": r.total,
            "score": str(r.score),
            "band": r.band,
            "created": _iso(r.created),
        }
        for r in Response.objects.filter(owner=user).order_by("created")
    ]


# Who wrote a note or reflection once that person has erased their account (the text stays).
FORMER_SUPPORT_PERSON = "A former support person"
FORMER_CARE_TEAM_MEMBER = "A former care-team member"


def _support_notes(user) -> list[dict[str, Any]]:
    notes = SupportNote.objects.filter(invite__patient=user).select_related("author", "invite")
    return [
        {
            "id": str(note.pk),
            "session": str(note.invite.session_id),
            "author": str(note.author) if note.author else FORMER_SUPPORT_PERSON,
            "body": note.body,
            "status": note.status,
            "created": _iso(note.created),
        }
        for note in notes
    ]


def _reflections(user) -> list[dict[str, Any]]:
    reflections = Reflection.objects.filter(entry__owner=user).select_related("author")
    return [
        {
            "id": str(r.pk),
            "entry": str(r.entry_id),
            "author": str(r.author) if r.author else FORMER_CARE_TEAM_MEMBER,
            "body": r.body,
            "created": _iso(r.created),
        }
        for r in reflections.order_by("created")
    ]


def _access_log(user) -> list[dict[str, Any]]:
    return [
        {
            "who": event.actor_label,
            "action": event.action,
            "item_type": event.item_type,
            "item_id": event.item_id,
            "at": _iso(event.at),
        }
        for event in AccessEvent.objects.filter(patient=user).order_by("at")
    ]


def build_export_data(user) -> dict[str, Any]:
    """Everything of the person's, as one JSON-ready dictionary."""
    practices, check_ins = _practices(user)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": _iso(timezone.now()),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "time_zone": user.time_zone,
        },
        "intentions": _intentions(user),
        "themes": _themes(user),
        "sessions": _sessions(user),
        "entries": _entries(user),
        "attachments": _attachments(user),
        "practices": practices,
        "chosen_practices": _chosen_practices(user),
        "tracked_measures": tracked_codes(user),
        "check_ins": check_ins,
        "measures": _measures(user),
        "support_notes": _support_notes(user),
        "reflections": _reflections(user),
        "access_log": _access_log(user),
    }


def _front_matter(fields: Iterable[tuple[str, Any]]) -> str:
    lines = ["---"]
    for key, value in fields:
        if value in (None, "", []):
            continue
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _name(prefix: str, when: str | None, title: str, pk: str) -> str:
    slug = slugify(title, allow_unicode=True)[:50] or "untitled"
    return f"{prefix}/{(when or '')[:10]}-{slug}-{pk[:8]}.md"


def entry_markdown(entry: dict, *, sessions: dict, themes: dict, intentions: dict) -> str:
    session = sessions.get(entry["session"])
    header = _front_matter(
        [
            ("title", entry["title"]),
            ("date", entry.get("happened_at") or entry["created"]),
            ("session", f"Session {session['number']}" if session else None),
            ("phase", entry["phase"]),
            ("themes", [themes[t] for t in entry["themes"] if t in themes]),
            ("emotions", entry["emotions"]),
            ("intentions", [intentions[i] for i in entry["intentions"] if i in intentions]),
            ("insight", entry["insight"]),
            ("in_trash", bool(entry["deleted_at"]) or None),
            ("id", entry["id"]),
        ]
    )
    return header + entry["body"] + "\n"


def intention_markdown(intention: dict) -> str:
    header = [(key, intention[key]) for key in ("title", "status", "created", "id")]
    parts = [_front_matter(header)]
    parts.append(f"# {intention['title']}\n")
    for label, key in [
        ("What success would look like", "success_looks_like"),
        ("What troubles me most now", "troubles_most"),
        ("What I want in its place", "replace_with"),
        ("Why it matters", "why_it_matters"),
    ]:
        if intention[key]:
            parts.append(f"\n## {label}\n\n{intention[key]}\n")
    if intention["actions"]:
        parts.append("\n## Actions\n\n")
        parts.extend(
            f"- [{'x' if a['done_at'] else ' '}] {a['text']}\n" for a in intention["actions"]
        )
    if intention["reviews"]:
        parts.append("\n## Reviews\n\n")
        parts.extend(
            f"- {r['created'][:10]}: {r['progress']}/10. {r['note']}\n"
            for r in intention["reviews"]
        )
    return "".join(parts)


def build_export_zip(user) -> bytes:
    data = build_export_data(user)
    sessions = {s["id"]: s for s in data["sessions"]}
    themes = {t["id"]: t["name"] for t in data["themes"]}
    intentions = {i["id"]: i["title"] for i in data["intentions"]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "journal.json",
            json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        )
        archive.writestr("README.md", EXPORT_README)
        for entry in data["entries"]:
            text = entry_markdown(entry, sessions=sessions, themes=themes, intentions=intentions)
            name = _name("entries", entry["happened_at"], entry["title"], entry["id"])
            archive.writestr(name, text)
        for intention in data["intentions"]:
            archive.writestr(
                _name("intentions", intention["created"], intention["title"], intention["id"]),
                intention_markdown(intention),
            )
        for session in data["sessions"]:
            archive.writestr(
                f"sessions/{session['date'][:10]}-session-{session['number']}.md",
                _front_matter([(k, v) for k, v in session.items() if k != "intentions"]),
            )
        for note in data["support_notes"]:
            archive.writestr(
                _name("support-notes", note["created"], note["author"], note["id"]),
                _front_matter([("from", note["author"]), ("date", note["created"])])
                + note["body"]
                + "\n",
            )
        for reflection in data["reflections"]:
            archive.writestr(
                _name("reflections", reflection["created"], reflection["author"], reflection["id"]),
                _front_matter(
                    [
                        ("from", reflection["author"]),
                        ("date", reflection["created"]),
                        ("entry", reflection["entry"]),
                    ]
                )
                + reflection["body"]
                + "\n",
            )
        archive.writestr(
            "check-ins.json", json.dumps(data["check_ins"], ensure_ascii=False, indent=2)
        )
        archive.writestr(
            "measures.json", json.dumps(data["measures"], ensure_ascii=False, indent=2)
        )
        archive.writestr(
            "access-log.json", json.dumps(data["access_log"], ensure_ascii=False, indent=2)
        )
        _write_attachments(archive, user)
    return buffer.getvalue()


def _write_attachments(archive: zipfile.ZipFile, user) -> None:
    """Each attachment's file as stored (photos already without EXIF), uncompressed: photos and
    audio are compressed already. A file missing from storage is left out, not an error."""
    for attachment in Attachment.objects.filter(owner=user).order_by("created"):
        try:
            with attachment_storage.open(attachment.file.name, "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError):
            continue
        archive.writestr(attachment_member(attachment), data, compress_type=zipfile.ZIP_STORED)


EXPORT_README = """# Your Integration Journal export

- `entries/`: every journal entry as a Markdown file. The header between the `---` lines holds
  its date, session, phase, themes, emotions and linked intentions.
- `intentions/`: your intentions with their actions and reviews.
- `sessions/`: your treatment sessions.
- `support-notes/` and `reflections/`: what your support person and care team wrote to you.
- `attachments/`: the photos, drawings and voice notes of your entries (journal.json says which
  entry each belongs to).
- `check-ins.json`, `measures.json`: daily check-ins and questionnaire answers.
- `access-log.json`: every time someone other than you opened or exported something of yours.
- `journal.json`: all of the above in one file, in a documented format. Import this zip into
  Integration Journal (My data, Import) to bring everything back.
"""
