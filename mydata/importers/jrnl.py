"""jrnl's JSON export (`jrnl --export json`, jrnl.plugins.json_exporter in jrnl 4.x):

    {"tags": {"@tag": count, ...},
     "entries": [{"title", "body", "date": "YYYY-MM-DD", "time": "HH:MM",
                  "tags": ["@tag", "#tag"], "starred": bool, "uuid"? , "creator"?}]}

The title is the entry's first sentence and the body the rest; tags are written in the text
(with jrnl's tag symbols, "@" and "#" by default) and listed, lower-cased, in `tags`. The time
has no time zone: it is the clock of the person who wrote it, read here in the time zone of
their account. `uuid` and `creator` appear only for journals kept in Day One's folder format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from mydata.importer import ImportRefused
from mydata.importers.common import (
    MAX_ENTRIES,
    clean_tags,
    entry_key,
    parse_json,
    plausible,
    title_and_body,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TIME = re.compile(r"\d{2}:\d{2}(?::\d{2})?")
# jrnl's default tag symbols; a journal configured with others still lists its tags with them.
TAG_SYMBOLS = "@#"


def read(upload, zone: dt.tzinfo | None = None) -> dict[str, Any]:
    """The entries of a jrnl JSON export, checked, or ImportRefused with a plain reason."""
    if upload.size > MAX_FILE_BYTES:
        raise ImportRefused(_("This file is larger than 20 MB, more than a jrnl export is."))
    upload.seek(0)
    raw = upload.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ImportRefused(_("This file is larger than 20 MB, more than a jrnl export is."))
    data = parse_json(raw, _("This file"))
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportRefused(
            _(
                "This file is not a jrnl export: it has no list of entries (make it with "
                "jrnl --export json)."
            )
        )
    if not isinstance(data.get("tags", {}), dict):
        raise ImportRefused(_("This file is not a jrnl export: its tags are not a list of counts."))
    rows = data["entries"]
    if len(rows) > MAX_ENTRIES:
        raise ImportRefused(
            _("This export holds more than {count} entries.").format(count=f"{MAX_ENTRIES:,}")
        )
    if not rows:
        raise ImportRefused(_("This jrnl export holds no entries."))
    zone = zone or timezone.get_current_timezone()
    result: dict[str, Any] = {"entries": [], "journals": [], "dropped": {}}
    keys: set[str] = set()
    for number, row in enumerate(rows, start=1):
        entry = _read_entry(row, _("Entry {number}").format(number=number), zone, result["dropped"])
        if entry["key"] not in keys:
            keys.add(entry["key"])
            result["entries"].append(entry)
    return result


def _text(row: dict, field: str, where: str, *, required: bool = False) -> str:
    value = row.get(field)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ImportRefused(
            _("{where} has no {field} as text, so this is not a jrnl export.").format(
                where=where, field=field
            )
        )
    return value


def _written_at(row: dict, where: str, zone: dt.tzinfo) -> dt.datetime:
    day, time = _text(row, "date", where, required=True), _text(row, "time", where) or "00:00"
    if not DATE.fullmatch(day) or not TIME.fullmatch(time):
        raise ImportRefused(
            _("{where} has the date “{value}”, which is not a date and time.").format(
                where=where, value=f"{day[:20]} {time[:20]}"
            )
        )
    try:
        naive = dt.datetime.fromisoformat(f"{day}T{time}")
    except ValueError:
        raise ImportRefused(
            _("{where} has the date {value}, which does not exist.").format(
                where=where, value=f"{day} {time}"
            )
        ) from None
    if naive.year < 1900:
        raise ImportRefused(
            _("{where} has the date {value}, before 1900.").format(where=where, value=day)
        )
    return plausible(timezone.make_aware(naive, zone), where, f"{day} {time}")


def _read_entry(row: Any, where: str, zone: dt.tzinfo, dropped: dict) -> dict:
    if not isinstance(row, dict):
        raise ImportRefused(
            _("{where} is not an entry, so this is not a jrnl export.").format(where=where)
        )
    title = _text(row, "title", where, required=True)
    body = _text(row, "body", where)
    written = _written_at(row, where, zone)
    tags = row.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags) or len(tags) > 1000:
        raise ImportRefused(_("{where} has tags that are not a list of words.").format(where=where))
    starred = row.get("starred", False)
    if not isinstance(starred, bool | None):
        raise ImportRefused(
            _("{where} has a “starred” that is neither true nor false.").format(where=where)
        )
    original = row.get("uuid")
    if original is not None and (not isinstance(original, str) or not 0 < len(original) <= 100):
        raise ImportRefused(_("{where} has a uuid that is not one.").format(where=where))
    if original:
        key = entry_key("jrnl-uuid", original.upper())
    else:
        # No id of its own: what was written, and when, is the entry.
        written_text = json.dumps([row["date"], row.get("time"), title, body])
        key = entry_key("jrnl", hashlib.sha256(written_text.encode()).hexdigest())
    names, unusable = clean_tags(tags, strip=TAG_SYMBOLS)
    dropped["tags"] = dropped.get("tags", 0) + unusable
    dropped["starred"] = dropped.get("starred", 0) + bool(starred)
    title, body = title_and_body(title, body)
    return {
        "key": key,
        "title": title,
        "body": body,
        "created": written.isoformat(),
        "updated": written.isoformat(),
        "tags": names,
        "starred": bool(starred),
        "photos": [],
    }
