"""Day One's JSON export: a zip with one JSON file per journal and the photos beside them.

    Journal.json   {"metadata": {"version": "1.0"},
                    "entries": [{"uuid", "text" (Markdown), "richText"?, "creationDate"
                                 (ISO 8601, UTC, "…Z"), "modifiedDate"?, "timeZone" (IANA),
                                 "tags"?: [...], "starred"?, "photos"?: [{"identifier", "md5",
                                 "type", ...}], "videos"?, "audios"?, "pdfAttachments"?,
                                 "location"?, "weather"?, ...}]}
    photos/<md5>.<type>   (videos/, audios/, pdfs/ likewise)

In `text`, a photo stands where it was placed as ![](dayone-moment://<identifier>) (a video,
audio or PDF as dayone-moment:/video/<identifier> and so on), a link to another entry is
[words](dayone://view?entryId=<uuid>), Markdown punctuation is escaped with backslashes, and
lines may end in U+2028. See docs/import.md for the sources of these details and what is kept.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mydata.importer import ImportRefused, _short
from mydata.importers.common import (
    MAX_ENTRIES,
    MAX_JSON_BYTES,
    clean_tags,
    entry_key,
    open_zip,
    parse_json,
    plausible,
    read_member,
    title_and_body,
)

# Photos make a Day One export large: the JSON is read at upload, the photos at confirm.
MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 50_000
MAX_JOURNALS = 100
WHAT = gettext_lazy("a Day One export")
MEDIA = ("videos", "audios", "pdfAttachments")

# ![](dayone-moment://ID), ![](dayone-moment:/video/ID), with the blank line it sits on.
MOMENT = re.compile(r"[ \t]*!\[[^\]\n]*\]\(dayone-moment:/{1,2}(?:[A-Za-z]+/)?[^)\s]*\)[ \t]*")
# [words](dayone://view?entryId=…): keep the words; the entry it links to has a new address.
ENTRY_LINK = re.compile(r"\[([^\]\n]*)\]\(dayone2?://[^)\s]*\)")
# Day One escapes punctuation that is never Markdown where it stands ("Thanks\!", "it\'s").
# Those escapes go; the ones that keep a line from turning into a list ("1990\. was") stay.
NEEDLESS_ESCAPE = re.compile(r"\\([!'\",:;?/@&%=$.])")
LIST_NUMBER = re.compile(r"[ \t]*\d+")
HEADING = re.compile(r"#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*")
ANY_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _unescape(text: str) -> str:
    def keep_or_drop(match: re.Match) -> str:
        char = match.group(1)
        line = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
        if char == "." and LIST_NUMBER.fullmatch(line):
            return match.group(0)
        if char == "!" and text[match.end() : match.end() + 1] == "[":
            return match.group(0)
        return char

    return NEEDLESS_ESCAPE.sub(keep_or_drop, text)


def markdown_of(text: str) -> str:
    """Day One's text as the entry's Markdown: media references out, needless escapes gone."""
    text = text.replace("\u2028", "\n").replace("\r\n", "\n")
    text = MOMENT.sub("", text)
    text = ENTRY_LINK.sub(r"\1", text)
    text = _unescape(text)
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text)
    return text.strip()


def split_title(text: str) -> tuple[str, str]:
    """A first line that is a heading (Day One's title style) becomes the title."""
    first, _, rest = text.partition("\n")
    heading = HEADING.fullmatch(first.strip())
    if not heading:
        return "", text
    title = ANY_ESCAPE.sub(r"\1", heading.group(1)).strip()
    return title_and_body(title, rest.strip()) if len(title) <= 200 else ("", text)


# --- reading ------------------------------------------------------------------------------------


def read(upload) -> dict[str, Any]:
    """The entries of a Day One export zip, checked, or ImportRefused with a plain reason."""
    archive = open_zip(upload, what=WHAT, max_bytes=MAX_ZIP_BYTES, max_members=MAX_MEMBERS)
    with archive:
        names = {info.filename for info in archive.infolist()}
        journals = [
            info
            for info in archive.infolist()
            if info.filename.lower().endswith(".json")
            and not info.is_dir()
            and info.filename.count("/") <= 1
            and not posixpath.basename(info.filename).startswith(".")
        ]
        if not journals:
            raise ImportRefused(
                _(
                    "This zip has no journal file (such as Journal.json), so it is not a Day One "
                    "export."
                )
            )
        if len(journals) > MAX_JOURNALS:
            raise ImportRefused(
                _("This zip holds more than {count} journals.").format(count=MAX_JOURNALS)
            )
        total = sum(info.file_size for info in journals)
        if total > MAX_JSON_BYTES:
            raise ImportRefused(_("The journals in this zip are larger than 50 MB of text."))
        result: dict[str, Any] = {"entries": [], "journals": [], "dropped": {}}
        keys: set[str] = set()
        for info in sorted(journals, key=lambda i: i.filename):
            name = posixpath.basename(info.filename)
            data = parse_json(read_member(archive, info, MAX_JSON_BYTES), _short(name, 80))
            _read_journal(data, name, names, keys, result)
    if not result["entries"]:
        raise ImportRefused(_("This Day One export holds no entries."))
    return result


def _read_journal(data: Any, name: str, members: set[str], keys: set, result: dict) -> None:
    label = _short(name, 80)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportRefused(
            _("{name} is not a Day One journal: it has no list of entries.").format(name=label)
        )
    if "metadata" in data and not isinstance(data["metadata"], dict):
        raise ImportRefused(
            _("{name} is not a Day One journal: its metadata is not an object.").format(name=label)
        )
    rows = data["entries"]
    if len(result["entries"]) + len(rows) > MAX_ENTRIES:
        raise ImportRefused(
            _("This export holds more than {count} entries.").format(count=f"{MAX_ENTRIES:,}")
        )
    result["journals"].append(name.removesuffix(".json").removesuffix(".JSON")[:100])
    dropped = result["dropped"]
    for number, row in enumerate(rows, start=1):
        where = _("Entry {number} of {journal}").format(number=number, journal=label)
        entry = _read_entry(row, where, members, dropped)
        if entry["key"] in keys:
            continue  # the same entry in two journals (or twice in one): once
        keys.add(entry["key"])
        result["entries"].append(entry)


def _text_field(row: dict, field: str, where: str, *, limit: int | None = None) -> str:
    value = row.get(field, "")
    if value is None:
        return ""
    if not isinstance(value, str) or (limit and len(value) > limit):
        raise ImportRefused(
            _("{where} has a {field} that is not text of the usual kind.").format(
                where=where, field=field
            )
        )
    return value


def _not_a_date(where: str, field: str, value: str) -> str:
    return _("{where} has the {field} “{value}”, which is not a date and time.").format(
        where=where, field=field, value=_short(value, 40)
    )


def _moment(value: Any, where: str, field: str, *, required: bool) -> dt.datetime | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise ImportRefused(_("{where} has no readable {field}.").format(where=where, field=field))
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ImportRefused(_not_a_date(where, field, value)) from None
    if moment.tzinfo is None:
        raise ImportRefused(
            _("{where} has a {field} without its time zone ({value}).").format(
                where=where, field=field, value=_short(value, 40)
            )
        )
    try:
        moment = moment.astimezone(dt.UTC)
    except OverflowError:  # a year 1 or 9999 date that its offset pushes out of range
        raise ImportRefused(_not_a_date(where, field, value)) from None
    return plausible(moment, where, value)


def _read_entry(row: Any, where: str, members: set[str], dropped: dict) -> dict:
    if not isinstance(row, dict):
        raise ImportRefused(_("{where} is not an entry.").format(where=where))
    original = row.get("uuid")
    if not isinstance(original, str) or not 0 < len(original) <= 100:
        raise ImportRefused(
            _("{where} has no uuid, so it is not from Day One.").format(where=where)
        )
    created = _moment(row.get("creationDate"), where, "creationDate", required=True)
    changed = _moment(row.get("modifiedDate"), where, "modifiedDate", required=False) or created
    _text_field(row, "timeZone", where, limit=100)
    tags = row.get("tags", [])
    if tags is None:
        tags = []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags) or len(tags) > 1000:
        raise ImportRefused(_("{where} has tags that are not a list of words.").format(where=where))
    starred = row.get("starred", False)
    if not isinstance(starred, bool | None):
        raise ImportRefused(
            _("{where} has a “starred” that is neither true nor false.").format(where=where)
        )
    photos = _photos(row.get("photos"), where, members)
    for kind in MEDIA:
        media = row.get(kind)
        if media is not None and not isinstance(media, list):
            raise ImportRefused(
                _("{where} has {field} that are not a list.").format(where=where, field=kind)
            )
        dropped["media"] = dropped.get("media", 0) + len(media or [])
    title, body = split_title(markdown_of(_text_field(row, "text", where)))
    names, unusable = clean_tags(tags)
    dropped["tags"] = dropped.get("tags", 0) + unusable
    dropped["photos_missing"] = dropped.get("photos_missing", 0) + sum(
        1 for photo in photos if not photo["file"]
    )
    dropped["starred"] = dropped.get("starred", 0) + bool(starred)
    dropped["location"] = dropped.get("location", 0) + bool(
        row.get("location") or row.get("weather")
    )
    return {
        "key": entry_key("dayone", original.upper()),
        "title": title,
        "body": body,
        "created": created.isoformat(),
        "updated": changed.isoformat(),
        "tags": names,
        "starred": bool(starred),
        "photos": photos,
    }


PHOTO_TYPE = re.compile(r"[A-Za-z0-9]{1,10}")
MD5 = re.compile(r"[0-9A-Fa-f]{1,64}")


def _photos(value: Any, where: str, members: set[str]) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
        raise ImportRefused(_("{where} has photos that are not a list.").format(where=where))
    photos = []
    for photo in value:
        md5, kind = photo.get("md5"), photo.get("type") or "jpeg"
        identifier = photo.get("identifier")
        if not isinstance(identifier, str | None) or not isinstance(md5, str | None):
            raise ImportRefused(
                _("{where} has a photo without a readable name.").format(where=where)
            )
        if not isinstance(kind, str) or not PHOTO_TYPE.fullmatch(kind):
            raise ImportRefused(_("{where} has a photo of an unknown type.").format(where=where))
        file = f"photos/{md5}.{kind}" if md5 and MD5.fullmatch(md5) else ""
        photos.append(
            {
                "identifier": (identifier or "")[:100],
                "md5": (md5 or "")[:64],
                "type": kind,
                "file": file if file in members else "",
            }
        )
    return photos
