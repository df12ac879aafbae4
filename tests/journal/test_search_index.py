"""Search reads a full-text index (FTS5 on SQLite, a tsvector on PostgreSQL) and finds the same
entries on both: the suite runs on each, against one corpus and one table of expected results."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from journal.models import Entry
from journal.search import parse, search
from tests.helpers import client_for
from tests.journal.factories import entry

pytestmark = pytest.mark.django_db

CORPUS = {
    "cafe": ("Morning", "Tea at the Café by the river, slowly.", ""),
    "naive": ("Naïve hope", "I felt naïve, and that was all right.", ""),
    "sao": ("Letters", "A postcard from São Paulo arrived.", ""),
    "hoping": ("Waiting", "Hoping the light comes back in spring.", ""),
    "lights": ("Evening", "The lights on the lake went out one by one.", ""),
    "phrase": ("Swim", "We swam in the warm lake at noon.", ""),
    "reversed": ("Later", "The lake was warm, the air was not.", ""),
    "work": ("Monday", "The river path, then work again.", ""),
    "ocean": ("Coast", "The ocean was loud all night.", ""),
    "insight": ("Walk", "We went out early.", "The heron stayed by the water."),
    "emoji": ("🌊 Waves", "Calm like 🌊 and breathing slowly.", ""),
    "title": ("River", "Nothing else to say.", ""),
}

# What each query finds, as corpus keys, closest first where the order is given.
EXPECTED = {
    "cafe": {"cafe"},
    "CAFÉ": {"cafe"},
    "naive": {"naive"},
    "sao paulo": {"sao"},
    "hope": {"hoping", "naive"},
    "light": {"hoping", "lights"},
    "lake": {"lights", "phrase", "reversed"},
    '"warm lake"': {"phrase"},
    "river -work": {"cafe", "title"},
    "ocean or heron": {"ocean", "insight"},
    "heron": {"insight"},
    "breathing slowly": {"emoji"},
    "zebra": set(),
}


@pytest.fixture
def corpus(people):
    made = {}
    for key, (title, body, insight) in CORPUS.items():
        made[key] = entry(people.alice, title=title, body=body, insight=insight)
    entry(people.bob, title="Bob's river", body="The river, the lake, the light, the café.")
    entry(people.alice, title="Trashed river", body="lake light", deleted_at=timezone.now())
    return made


def found(owner, query, corpus) -> list[str]:
    """The corpus keys of what `query` finds in the owner's journal, closest first."""
    keys = {entry.pk: key for key, entry in corpus.items()}
    mine = Entry.objects.for_owner(owner)
    hits = search(mine, query).hits
    # Asked as the whole journal (the index ranks and counts alone), the same entries.
    whole = search(mine, query, journal_of=owner)
    assert {h.entry.pk for h in whole.hits} == {h.entry.pk for h in hits}
    assert whole.total == len(hits)
    return [keys[hit.entry.pk] for hit in hits]


@pytest.mark.parametrize(("query", "expected"), EXPECTED.items())
def test_the_same_words_find_the_same_entries_on_either_database(people, corpus, query, expected):
    assert set(found(people.alice, query, corpus)) == expected, connection.vendor


@pytest.fixture
def therapist(people, corpus):
    """A therapist with alice and bob on their care team: alice shares every entry of the corpus
    (and the one in her trash), bob shares nothing."""
    from care.models import CareLink, CareTeamMember, Clinic, Membership, Share
    from tests.care.conftest import give_mfa
    from tests.helpers import make_user

    person = make_user("search-therapist@example.org", "Dr. S")
    give_mfa(person)
    clinic = Clinic.objects.create(name="Search clinic", join_code="SEARCH23")
    Membership.objects.create(clinic=clinic, user=person, role=Membership.Role.THERAPIST)
    for patient in (people.alice, people.bob):
        link = CareLink.objects.create(patient=patient, clinic=clinic)
        CareTeamMember.objects.create(link=link, therapist=person)
    for item in [*corpus.values(), *Entry.objects.filter(title="Trashed river")]:
        Share.objects.create(owner=people.alice, recipient=person, entry=item)
    assert Share.objects.filter(recipient=person).count() == len(corpus) + 1
    return person


@pytest.mark.parametrize(("query", "expected"), EXPECTED.items())
def test_a_therapist_finds_the_same_among_the_shared_entries(
    people, corpus, therapist, query, expected
):
    """The therapist's search across patients reads the same index: the same entries on either
    database, only those shared (not bob's, not the trashed one)."""
    from care.access import entries_shared_with
    from journal.search import search_shared

    keys = {item.pk: key for key, item in corpus.items()}
    shared = entries_shared_with(therapist)
    results = search_shared(shared, query, owners=[people.alice.pk, people.bob.pk], limit=50)
    assert {keys.get(hit.entry.pk, hit.entry.title) for hit in results.hits} == expected, (
        connection.vendor
    )
    assert results.total == len(expected)


def test_a_title_match_ranks_above_a_body_match(people, corpus):
    assert found(people.alice, "river", corpus)[0] == "title"


def test_the_index_follows_every_edit_and_delete(people):
    item = entry(people.alice, title="Plain", body="a heron at dawn")
    mine = Entry.objects.for_owner(people.alice)
    assert search(mine, "heron").total == 1
    item.body = "a kingfisher at dawn"
    item.save()
    assert search(mine, "heron").total == 0
    assert search(mine, "kingfisher").total == 1
    Entry.objects.filter(pk=item.pk).update(insight="and a heron after all")
    assert search(mine, "heron").total == 1
    Entry.objects.filter(pk=item.pk).update(deleted_at=timezone.now())  # to the trash
    assert search(mine, "heron", journal_of=people.alice).total == 0
    Entry.objects.filter(pk=item.pk).update(deleted_at=None)  # and back
    assert search(mine, "heron", journal_of=people.alice).total == 1
    item.delete()
    assert search(mine, "kingfisher").total == 0
    assert search(mine, "kingfisher", journal_of=people.alice).total == 0
    if connection.vendor == "sqlite":  # the index keeps no copy of a deleted entry's text
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM journal_entry_fts WHERE body LIKE '%kingfisher%'")
            assert cursor.fetchone() == (0,)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed phrase',
        "NEAR(a b)",
        "title:secret",
        "entry:abc",
        "AND OR NOT",
        "* ^ : ( ) { }",
        "-",
        "or",
        "--river",
        "' OR 1=1 --",
        "a" * 200,
        "\x00",
    ],
)
def test_search_syntax_in_the_words_is_only_words(people, corpus, query):
    response = client_for(people.alice).get(reverse("journal:search"), {"q": query})
    assert response.status_code == 200
    assert b"Bob&#x27;s river" not in response.content


def test_the_words_are_parsed_into_groups_phrases_and_exclusions():
    terms = parse('lake "warm water" or sea -work -"hard day" or')
    assert terms.all_of == [["lake"], ["warm water", "sea"]]
    assert terms.none_of == ["work", "hard day"]
    assert not parse("! ? ...")


def test_the_page_says_how_many_match_when_it_shows_only_the_closest(people):
    for number in range(55):
        entry(people.alice, title=f"Stone {number}", body="a stone by the path")
    content = client_for(people.alice).get(reverse("journal:search"), {"q": "stone"})
    text = content.content.decode()
    assert "55 entries found" in text
    assert "These are the 50 closest." in text


@pytest.mark.parametrize("whole_journal", [True, False])
def test_matches_are_counted_up_to_a_bound_and_the_page_says_more(
    people, monkeypatch, whole_journal
):
    """A common word in a journal of years is counted only up to COUNTED_MATCHES: the number
    stops there and the page says "more than", on both databases, with and without filters."""
    monkeypatch.setattr("journal.search.COUNTED_MATCHES", 3)
    for n in range(5):
        entry(people.alice, title=f"Pond {n}", body="The pond was still.")
    entry(people.alice, title="Elsewhere", body="Nothing of the kind.")
    mine = Entry.objects.for_owner(people.alice)
    results = search(mine, "pond", journal_of=people.alice if whole_journal else None)
    assert (results.total, results.more, len(results.hits)) == (3, True, 5)
    exact = search(mine, "elsewhere", journal_of=people.alice if whole_journal else None)
    assert (exact.total, exact.more) == (1, False)
    page = client_for(people.alice).get(reverse("journal:search"), {"q": "pond"})
    assert "More than 3 entries found" in page.content.decode()
    page = client_for(people.alice).get(reverse("journal:search"), {"q": "elsewhere"})
    assert "1 entry found" in page.content.decode()


@pytest.mark.parametrize("whole_journal", [True, False])
def test_the_newest_matches_are_ranked_and_a_redated_entry_moves(
    people, monkeypatch, whole_journal
):
    """Only the newest RANKED_MATCHES matches (by when they happened) are ranked, on both
    databases: an older title match stays out of them until it is re-dated to the newest."""
    monkeypatch.setattr("journal.search.RANKED_MATCHES", 2)
    now = timezone.now()
    old = entry(
        people.alice, title="Pond", body="by the pond", happened_at=now - dt.timedelta(days=9)
    )
    middle = entry(
        people.alice, title="Walk", body="a pond", happened_at=now - dt.timedelta(days=2)
    )
    new = entry(
        people.alice, title="Later", body="the pond", happened_at=now - dt.timedelta(days=1)
    )
    mine = Entry.objects.for_owner(people.alice)
    journal_of = people.alice if whole_journal else None
    results = search(mine, "pond", journal_of=journal_of)
    assert {hit.entry.pk for hit in results.hits} == {middle.pk, new.pk}
    assert results.total == 3  # all are counted
    old.happened_at = now
    old.save()
    results = search(mine, "pond", journal_of=journal_of)
    assert [hit.entry.pk for hit in results.hits][0] == old.pk  # the title match, now ranked
    assert {hit.entry.pk for hit in results.hits} == {old.pk, new.pk}


def test_entries_that_happened_at_the_same_moment_are_all_found(people):
    moment = timezone.now().replace(microsecond=0)
    made = [entry(people.alice, title=f"Heron {n}", happened_at=moment) for n in range(3)]
    made[1].body = "a heron again"
    made[1].save()
    mine = Entry.objects.for_owner(people.alice)
    for journal_of in (people.alice, None):
        results = search(mine, "heron", journal_of=journal_of)
        assert {hit.entry.pk for hit in results.hits} == {item.pk for item in made}
        assert results.total == 3


def test_entries_of_any_year_are_indexed_and_found(people):
    """SQLite's index places rows by when their entries happened: the first and the last years
    a date can have are placed too, the oldest last."""
    utc = dt.UTC
    first = entry(people.alice, title="Kestrel", happened_at=dt.datetime(1, 1, 1, tzinfo=utc))
    last = entry(people.alice, title="Kestrel", happened_at=dt.datetime(9999, 1, 1, tzinfo=utc))
    mine = Entry.objects.for_owner(people.alice)
    for journal_of in (people.alice, None):
        results = search(mine, "kestrel", journal_of=journal_of)
        assert [hit.entry.pk for hit in results.hits] == [last.pk, first.pk]
