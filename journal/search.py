"""Search across a person's journal: PostgreSQL full-text search with ranking and highlighted
snippets; on SQLite, a plain case-insensitive match with a snippet around the first hit.

Snippets are built from the raw Markdown the person typed, so they are escaped here and only
our own <mark> tags are added.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "english"
SNIPPET_CHARS = 220
RANKED_MATCHES = 100  # PostgreSQL: the newest matches, ranked by relevance; older ones not shown


@dataclass
class Hit:
    entry: object
    snippet: SafeString


def search_vector() -> SearchVector:
    # The same expression as the GIN index created in migration 0002 (PostgreSQL only).
    return SearchVector("title", "body", "insight", config=SEARCH_CONFIG)


def _terms(query: str) -> list[str]:
    return [t for t in query.split() if t][:10]


def _marked(text: str, start: str, stop: str) -> SafeString:
    return mark_safe(  # noqa: S308 - the text is escaped first; only our <mark> tags are added
        escape(text).replace(escape(start), "<mark>").replace(escape(stop), "</mark>")
    )


def _python_snippet(text: str, terms: list[str]) -> SafeString:
    lowered = text.lower()
    positions = [lowered.find(t.lower()) for t in terms if lowered.find(t.lower()) >= 0]
    first = min(positions) if positions else 0
    start = max(0, first - SNIPPET_CHARS // 3)
    piece = text[start : start + SNIPPET_CHARS]
    if not terms:
        return mark_safe(escape(piece))  # noqa: S308
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(piece):
        out.append(escape(piece[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(piece[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_CHARS < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308


def _text_with(entry, terms: list[str]) -> str:
    """The entry's body, insight or title: the first that contains one of the words."""
    for text in (entry.body, entry.insight, entry.title):
        if text and any(t.lower() in text.lower() for t in terms):
            return text
    return entry.body or entry.insight or entry.title


def search(entries: QuerySet, query: str, *, limit: int = 50) -> list[Hit]:
    """Entries matching `query` (all of them when it is empty), best first, with snippets."""
    terms = _terms(query)
    if not terms:
        return [Hit(e, _python_snippet(e.body or e.insight, [])) for e in entries[:limit]]
    if connection.vendor == "postgresql":
        start, stop = f"[[{secrets.token_hex(6)}", f"{secrets.token_hex(6)}]]"
        search_query = SearchQuery(" ".join(terms), config=SEARCH_CONFIG, search_type="websearch")
        # Ranking reads every matching entry's text again, and a journal of years matches
        # thousands of entries for a common word: only the newest matches are ranked.
        newest = (
            entries.alias(document=search_vector())
            .filter(document=search_query)
            .order_by("-created")
            .values("pk")[:RANKED_MATCHES]
        )
        found = (
            entries.filter(pk__in=newest)
            .annotate(rank=SearchRank(search_vector(), search_query))
            .annotate(
                headline=SearchHeadline(
                    "body",
                    search_query,
                    config=SEARCH_CONFIG,
                    start_sel=start,
                    stop_sel=stop,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                )
            )
            .order_by("-rank", "-created")
        )
        hits = []
        for entry in found[:limit]:
            if start in entry.headline:
                hits.append(Hit(entry, _marked(entry.headline, start, stop)))
            else:  # the match is in the title or the insight, not the body
                hits.append(Hit(entry, _python_snippet(_text_with(entry, terms), terms)))
        return hits
    condition = Q()
    for term in terms:
        condition &= Q(title__icontains=term) | Q(body__icontains=term) | Q(insight__icontains=term)
    return [
        Hit(entry, _python_snippet(_text_with(entry, terms), terms))
        for entry in entries.filter(condition).order_by("-created")[:limit]
    ]
