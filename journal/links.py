"""Links to entries and themes for long lists, from one reverse() per pattern.

A timeline page links a hundred entries and several hundred theme tags; reversing each one
costs more than the rest of its card. The URL pattern is reversed once (per URLconf and script
prefix) with a placeholder, and each link is the pattern with the placeholder swapped for the
value, quoted exactly as reverse() quotes it. tests/journal/test_links.py holds the two equal.
"""

from functools import cache, lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

ENTRY_PLACEHOLDER = "00000000-0000-4000-8000-000000000000"
THEME_PLACEHOLDER = "theme-placeholder"
# What reverse() leaves unquoted in a path: RFC 3986 sub-delimiters and / ~ : @.
REVERSE_SAFE = "!$&'()*+,;=/~:@"


@cache
def _halves(urlconf, prefix: str, name: str, placeholder: str) -> tuple[str, str]:
    before, after = reverse(name, urlconf=urlconf, args=[placeholder]).split(placeholder)
    return before, after


def _link(name: str, placeholder: str, value: str) -> str:
    before, after = _halves(get_urlconf(), get_script_prefix(), name, placeholder)
    return f"{before}{value}{after}"


class Links:
    """Entry and theme links for one list: the URLconf and script prefix are looked up once for
    the whole list (each lookup is a context-local read) instead of twice per link."""

    __slots__ = ("_entry", "_theme")

    def __init__(self):
        urlconf, prefix = get_urlconf(), get_script_prefix()
        self._entry = _halves(urlconf, prefix, "journal:entry_detail", ENTRY_PLACEHOLDER)
        self._theme = _halves(urlconf, prefix, "journal:theme_detail", THEME_PLACEHOLDER)

    def entry(self, pk) -> str:
        before, after = self._entry
        return f"{before}{pk}{after}"

    def theme(self, slug: str) -> str:
        before, after = self._theme
        return f"{before}{_quoted(slug)}{after}"


def entry_url(pk) -> str:
    return _link("journal:entry_detail", ENTRY_PLACEHOLDER, str(pk))


@lru_cache(maxsize=4096)
def _quoted(slug: str) -> str:
    return quote(slug, safe=REVERSE_SAFE)


def theme_url(slug: str) -> str:
    return _link("journal:theme_detail", THEME_PLACEHOLDER, _quoted(slug))
