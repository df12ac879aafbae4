"""Search across a person's journal, through a full-text index on both databases.

PostgreSQL reads `Entry.search_document` (a tsvector kept by a trigger, GIN-indexed);
SQLite reads the FTS5 table `journal_entry_fts` (EntryText, kept by triggers). Both stem English
words ("hoping" finds "hope"), ignore accents ("cafe" finds "Café") and rank title matches over
insight matches over body matches. The words someone types are parsed here once, the same way
for both: plain words must all appear, "a quoted phrase" must appear as written, `or` between
two words takes either, and a word after `-` must not appear.

`search` is a person's own journal; `search_shared` the entries others shared with a reader
(a therapist), across several journals, through the same index.

Only the page shown gets its snippets, from a second query over those entries. Snippets come
from the raw Markdown the person typed, so they are escaped here and only our own <mark> tags
are added.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from journal.models import Entry, EntryText

SEARCH_CONFIG = "english"
SNIPPET_CHARS = 220
SNIPPET_TOKENS = 32  # SQLite's snippet(): about as long as PostgreSQL's 15–35 word headline
MAX_TERMS = 10
RANKED_MATCHES = 1000  # the newest this many matches are ranked
# Matches are counted up to this many: past it the page says "more than", and a common word in a
# journal of years costs no more to count than this many do.
COUNTED_MATCHES = 1000
_TOKENS = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass
class Hit:
    entry: object
    snippet: SafeString


@dataclass
class Results:
    hits: list[Hit]
    total: int  # every match, of which `hits` are the closest (at most COUNTED_MATCHES)
    more: bool = False  # there are more matches than `total` (it stopped counting)


def _counted(hits: list[Hit], matches: QuerySet) -> Results:
    """`hits` with the number of `matches`, counted up to COUNTED_MATCHES."""
    found = matches.order_by().values("pk")[: COUNTED_MATCHES + 1].count()
    return Results(hits, min(found, COUNTED_MATCHES), more=found > COUNTED_MATCHES)


def _candidates() -> int:
    """How many of the newest matches are read: those ranked, and one past those counted."""
    return max(RANKED_MATCHES, COUNTED_MATCHES + 1)


def _closest(newest: list, limit: int, offset: int, key) -> list:
    """The keys of the page, closest first, among `newest` ((key, rank) pairs, newest first):
    the newest RANKED_MATCHES ranked by `key(rank)`, the newer first among equal ranks."""
    ranked = sorted(newest[:RANKED_MATCHES], key=lambda match: key(match[1]))
    return [pk for pk, _rank in ranked[offset : offset + limit]]


def _cards(cards_from: QuerySet, keys: list) -> list:
    """The entries of `keys` from `cards_from`, as cards, in the order of `keys`."""
    cards = {entry.pk: entry for entry in cards_from.for_cards().filter(pk__in=keys).order_by()}
    return [cards[key] for key in keys if key in cards]


def _found(hits: list[Hit], newest: list) -> Results:
    """`hits` with the number of matches, `newest` (read up to one past COUNTED_MATCHES)."""
    return Results(hits, min(len(newest), COUNTED_MATCHES), more=len(newest) > COUNTED_MATCHES)


@dataclass
class Terms:
    """What to look for: each group in `all_of` must match (one of its phrases will do);
    no phrase in `none_of` may."""

    all_of: list[list[str]] = field(default_factory=list)
    none_of: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.all_of)

    @property
    def words(self) -> list[str]:
        return [word for group in self.all_of for phrase in group for word in phrase.split()]


def parse(query: str) -> Terms:
    """The person's words as terms. Punctuation-only words and a dangling `or` are dropped;
    at most MAX_TERMS phrases are kept."""
    terms, joined, count = Terms(), False, 0
    for match in _TOKENS.finditer(query):
        negated = match.group(1) == "-"
        phrase = match.group(2) if match.group(2) is not None else match.group(3)
        if match.group(3) is not None and phrase.startswith("-") and len(phrase) > 1:
            negated, phrase = True, phrase[1:]
        phrase = " ".join(re.findall(r"\w+", phrase))
        if not phrase or count >= MAX_TERMS:
            continue
        if match.group(3) is not None and phrase.lower() == "or" and not negated:
            joined = bool(terms.all_of)
            continue
        count += 1
        if negated:
            terms.none_of.append(phrase)
        elif joined:
            terms.all_of[-1].append(phrase)
        else:
            terms.all_of.append([phrase])
        joined = False
    return terms


def search(entries: QuerySet, query: str, *, limit: int = 50, journal_of=None) -> Results:
    """The entries of `entries` matching `query`, closest first, at most `limit` of them with
    snippets (all entries, newest first, when the query has no words).

    `journal_of`: the person when `entries` is their whole journal outside the trash, no filter
    added; SQLite then asks its index alone for the closest matches and their number, so a
    common word in a journal of years costs what a rare one does."""
    terms = parse(query)
    if not terms:
        page = list(entries.for_cards()[:limit])
        return _counted([Hit(entry, mark_safe("")) for entry in page], entries)
    if connection.vendor == "postgresql":
        return _postgres(entries, terms, limit)
    return _sqlite(entries, terms, limit, journal_of)


def search_shared(
    entries: QuerySet, query: str, *, owners, limit: int = 20, offset: int = 0
) -> Results:
    """The entries of `entries` matching `query`, closest first: `limit` of them from `offset`
    with snippets, and their number counted as `search` counts. Nothing without words.

    For a reader of other people's journals (a therapist): `entries` are those they may read
    (care.access.entries_shared_with) and `owners` the keys of the people whose journals those
    are in. SQLite asks its index for those owners' matches alone (their keys OR'ed in the
    MATCH, a column of the index), newest first, and joins them to `entries` by key, so the
    other journals' matches are not read; PostgreSQL starts from the shares or the GIN index of
    `search_document`. Both rank the newest matches as `search` does and give the same entries.
    Each entry found carries its owner's key as `owner_key` (cards load few columns)."""
    terms = parse(query)
    owners = list(owners)
    if not terms or not owners:
        return Results([], 0)
    # The page's entries are read by key from all entries: their keys come from `entries`.
    everyone = Entry.objects.annotate(owner_key=F("owner_id"))
    if connection.vendor == "postgresql":
        return _postgres(entries, terms, limit, offset, cards_from=everyone)
    return _sqlite(entries, terms, limit, None, offset, owners, cards_from=everyone)


# --- PostgreSQL ----------------------------------------------------------------------------------


def _tsquery(terms: Terms) -> SearchQuery:
    def one(phrase: str) -> SearchQuery:
        text = Func(Value(phrase), function="unaccent")
        return SearchQuery(text, config=SEARCH_CONFIG, search_type="phrase")

    combined = None
    for group in terms.all_of:
        either = one(group[0])
        for phrase in group[1:]:
            either = either | one(phrase)
        combined = either if combined is None else combined & either
    for phrase in terms.none_of:
        combined = combined & ~one(phrase)
    return combined


def _postgres(
    entries: QuerySet, terms: Terms, limit: int, offset: int = 0, cards_from=None
) -> Results:
    """The newest matches with their rank (walked from the newest through the index on owner
    and `happened_at`, or found by the GIN index of `search_document` or through the shares),
    counted up to COUNTED_MATCHES; the newest RANKED_MATCHES of them ranked, as on SQLite.
    `cards_from`: as for `_sqlite`."""
    query = _tsquery(terms)
    newest = list(
        entries.filter(search_document=query)
        .annotate(rank=SearchRank(F("search_document"), query))
        .order_by("-happened_at", "-pk")
        .values_list("pk", "rank")[: _candidates()]
    )
    closest = _closest(newest, limit, offset, key=lambda rank: -rank)
    page = _cards(entries if cards_from is None else cards_from, closest)
    start, stop = _markers()
    # The headline of each body and the texts a match outside the body is shown from, at once.
    rows = (
        Entry.objects.filter(pk__in=[entry.pk for entry in page])
        .annotate(
            headline=SearchHeadline(
                "body",
                query,
                config=SEARCH_CONFIG,
                start_sel=start,
                stop_sel=stop,
                max_words=35,
                min_words=15,
                max_fragments=2,
            )
        )
        .values_list("pk", "headline", "body", "insight", "title")
    )
    shown = {pk: (headline, texts) for pk, headline, *texts in rows}
    hits = []
    for entry in page:
        headline, texts = shown[entry.pk]
        if start in headline:
            hits.append(Hit(entry, _marked(headline, start, stop)))
        else:  # the match is in the title or the insight, or only in its accented form
            hits.append(Hit(entry, _python_snippet(tuple(texts), terms.words)))
    return _found(hits, newest)


# --- SQLite --------------------------------------------------------------------------------------


def _fts_phrase(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


def _fts_expression(terms: Terms, owner=None, owners=()) -> str:
    groups = [
        "(" + " OR ".join(_fts_phrase(phrase) for phrase in group) + ")" for group in terms.all_of
    ]
    expression = " AND ".join(groups)
    for phrase in terms.none_of:
        expression = f"({expression}) NOT {_fts_phrase(phrase)}"
    # Only the texts: never the `entry` and `owner` columns, which hold keys.
    texts = "{title body insight} : (" + expression + ")"
    keys = [owner.pk] if owner is not None else owners
    if not keys:
        return texts
    return "owner : (" + " OR ".join(f'"{key.hex}"' for key in keys) + f") AND {texts}"


def _only_these(expression: str, page: list) -> str:
    """`expression` (the texts' alone: the page's keys say whose they are), narrowed through
    the index to the entries on the page (by their keys), so snippets are made for those alone
    without walking every match."""
    keys = " OR ".join(f'"{entry.pk.hex}"' for entry in page)
    return f"{expression} AND entry : ({keys})"


def _fts_snippet(column: int, start: str, stop: str) -> Func:
    """FTS5's snippet() of one column (2 title, 3 body, 4 insight; 0 and 1 hold keys): the
    column's start when the match is elsewhere."""
    return Func(
        F("document"),
        Value(column),
        Value(start),
        Value(stop),
        Value("…"),
        Value(SNIPPET_TOKENS),
        function="snippet",
        output_field=TextField(),
    )


def _sqlite(
    entries: QuerySet,
    terms: Terms,
    limit: int,
    journal_of,
    offset: int = 0,
    owners=(),
    cards_from=None,
) -> Results:
    """The newest matches, found by FTS5 walking its rows backwards (their rowids are the
    entries' `happened_at`, journal migration 0015) with each one's rank, counted up to
    COUNTED_MATCHES; the newest RANKED_MATCHES of them ranked, as on PostgreSQL.

    `cards_from`: the queryset the page's entries are read from by key (default `entries`);
    for `search_shared` all entries, as their keys come from `entries`: the database then
    starts from those keys, not from everything `entries` allows."""
    expression = _fts_expression(terms, journal_of, owners)
    if journal_of is not None:
        # The index holds exactly this journal's entries outside the trash: it finds the newest
        # matches alone, without reading an entry.
        matches = EntryText.objects.filter(document__match=expression)
        newest = matches.values_list("entry", "rank")
    else:
        matches = entries.filter(text_index__document__match=expression)
        newest = matches.values_list("pk", "text_index__rank")
    newest = list(newest.order_by(_NEWEST_IN_INDEX)[: _candidates()])
    closest = _closest(newest, limit, offset, key=lambda rank: rank)  # bm25: lower is closer
    page = _cards(entries if cards_from is None else cards_from, closest)
    start, stop = _markers()
    snippets = (
        {
            entry: body if start in body or start not in insight else insight
            for entry, body, insight in EntryText.objects.filter(
                document__match=_only_these(_fts_expression(terms), page)
            )
            .annotate(body_snippet=_fts_snippet(3, start, stop))
            .annotate(insight_snippet=_fts_snippet(4, start, stop))
            .values_list("entry", "body_snippet", "insight_snippet")
        }
        if page
        else {}
    )
    hits = [Hit(entry, _marked(snippets.get(entry.pk, ""), start, stop)) for entry in page]
    return _found(hits, newest)


# The index's rows, newest entry first (the rowid is when the entry happened).
_NEWEST_IN_INDEX = RawSQL('"journal_entry_fts"."rowid"', ()).desc()


# --- snippets ------------------------------------------------------------------------------------


def _markers() -> tuple[str, str]:
    """Start and end of a highlight: random, so no text a person typed can forge one."""
    return f"[[{secrets.token_hex(6)}", f"{secrets.token_hex(6)}]]"


def _marked(text: str, start: str, stop: str) -> SafeString:
    return mark_safe(  # noqa: S308 - the text is escaped first; only our <mark> tags are added
        escape(text).replace(escape(start), "<mark>").replace(escape(stop), "</mark>")
    )


def _python_snippet(texts: tuple[str, str, str], words: list[str]) -> SafeString:
    """A snippet around the first of `words` in the body, insight or title (the first that has
    one), for a match PostgreSQL's headline of the body does not show."""
    lowered = [word.lower() for word in words]
    text = next((t for t in texts if t and any(w in t.lower() for w in lowered)), None)
    text = text or next((t for t in texts if t), "")
    positions = [p for p in (text.lower().find(w) for w in lowered) if p >= 0]
    begin = max(0, min(positions, default=0) - SNIPPET_CHARS // 3)
    piece = text[begin : begin + SNIPPET_CHARS]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(piece):
        out.append(escape(piece[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(piece[last:]))
    prefix = "… " if begin else ""
    suffix = " …" if begin + SNIPPET_CHARS < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - escaped piece by piece
