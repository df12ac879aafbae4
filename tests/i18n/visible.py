"""The visible text of a page, and the strings that read the same in English and Spanish.

`untranslated(english_html, spanish_html)` lists every piece of visible text (text nodes, and the
alt, title, placeholder, aria-label and button values a screen reader speaks) that is identical in
both renders, leaving out what is not ours to translate:

- user content: any text stored in the database's text columns (entry titles and bodies, names,
  emails, clinic names, resources…), except the built-in catalogue rows in `pages.CATALOGUE`,
  which the product ships and must translate;
- text with no letters (numbers, dates in digits, scores), emails, URLs, time-zone names, and
  a session's short mark ("S3", the same in Spanish);
- elements marked `translate="no"`, with a `lang` of their own (a language named in itself), or
  of class `prose` (Markdown a person wrote, rendered);
- the short allow-list `SAME_IN_BOTH` below: words that are the same in both languages.
"""

import re
import zoneinfo
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

# Words and names that are the same in English and Spanish. Keep it short and say why.
SAME_IN_BOTH = {
    "Integration Journal",  # the product's name (SITE_NAME)
    "PHQ-9",  # instrument names, as their publishers write them
    "GAD-7",
    "PCL-5",
    "PEG",
    "LOINC",
    "FHIR",
    "PDF",
    "UTC",
    "Total",  # Spanish "total"
    "No",  # Spanish "no"
    "Markdown",
    "Crisis Text Line",  # an organisation's name (care/crisis.py)
    "English",  # the language switch names each language in itself
    "Español",
    "·",
}

SKIPPED_ELEMENTS = {"script", "style", "head"}
SPOKEN_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label", "aria-description")
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
TIME_ZONES = {tz.replace("_", " ") for tz in zoneinfo.available_timezones()}
EMAIL_OR_URL = re.compile(r"^(\S+@\S+\.\S+|https?://\S+|/\S*)$")
# A session's short mark (the calendar's "S3"): the glossary keeps it in Spanish ("Sesión 3").
SESSION_MARK = re.compile(r"^S\d+$")
LETTER = re.compile(r"[^\W\d_]")


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (
            self.skipping
            or tag in SKIPPED_ELEMENTS
            or attrs.get("translate") == "no"
            or ("lang" in attrs and tag != "html")
            or "prose" in (attrs.get("class") or "").split()
        )
        if not skipped:
            for name in SPOKEN_ATTRIBUTES:
                if attrs.get(name):
                    self.texts.append(attrs[name])
            if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
                self.texts.append(attrs.get("value") or "")
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        # Pop to the matching tag (HTML lets some end tags be left out).
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.skipping:
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    """Each piece of visible text, whitespace collapsed, in page order."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    texts = (" ".join(text.split()) for text in parser.texts)
    return [text for text in texts if text]


MARKDOWN_INLINE = re.compile(r"\*\*|__|[*_`~]|\n")


def _markdown_pieces(value: str) -> set[str]:
    """The runs of a person's Markdown between its inline marks and line breaks: the page shows
    "Not fixed. **Moved.**" as two texts, "Not fixed." and "Moved.", both theirs."""
    return {" ".join(piece.split()) for piece in MARKDOWN_INLINE.split(value)}


def user_content(catalogue: dict[str, set[str]] | None = None) -> set[str]:
    """Every value of every text column of the project's own models: what people wrote."""
    catalogue = catalogue or {}
    values: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label in {"contenttypes", "auth", "sessions", "admin"}:
            continue
        if not model._meta.managed:  # SQLite's search index: copies of entries, no table elsewhere
            continue
        fields = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, models.CharField | models.TextField | models.EmailField)
            and not field.choices
        ]
        if not fields:
            continue
        queryset = model._default_manager.all()
        skip = catalogue.get(model._meta.label, set())
        if skip:
            # Built-in catalogue rows (no owner) are the product's words, not user content.
            queryset = queryset.exclude(owner__isnull=True)
        for row in queryset.values_list(*fields):
            for value in row:
                if isinstance(value, str):
                    values.add(" ".join(value.split()))
                    values.update(_markdown_pieces(value))
    values.discard("")
    return values


def _is_exempt(text: str, stored: set[str]) -> bool:
    bare = text.strip(" \"'“”‘’«»()[]:;,.…!?-–—·|✓○")  # ✓ ○: a step done or not, in a report
    if not bare or not LETTER.search(bare):
        return True
    if bare in SAME_IN_BOTH or text in SAME_IN_BOTH or bare in TIME_ZONES:
        return True
    if EMAIL_OR_URL.match(bare) or SESSION_MARK.match(bare):
        return True
    if bare in stored or text.strip() in stored:  # a stored value that ends in a full stop
        return True
    # A shortened piece of something a person wrote (a preview). Short strings must match a whole
    # stored value: a label such as "Save" inside someone's entry is still ours to translate.
    return len(bare) >= 20 and any(bare in value for value in stored)


def untranslated(english_html: str, spanish_html: str, *, stored: set[str]) -> list[str]:
    """The visible strings that are the same in both renders and are ours to translate."""
    spanish = set(visible_texts(spanish_html))
    seen: set[str] = set()
    found = []
    for text in visible_texts(english_html):
        if text in spanish and text not in seen and not _is_exempt(text, stored):
            found.append(text)
        seen.add(text)
    return found
