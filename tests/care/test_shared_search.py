"""A therapist searches the entries their patients share with them: nothing else is found, the
page is the therapist's alone, each result shown is in its patient's access log, and the page
costs the same number of queries however many entries are shared."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from care.models import AccessEvent, CareLink, CareTeamMember, Share
from tests.care.conftest import make_entry
from tests.helpers import client_for, query_count

pytestmark = pytest.mark.django_db
URL = reverse("care:shared_search")


def search(client, **params):
    return client.get(URL, params)


def titles(response) -> list[str]:
    return [hit.entry.title for hit in response.context["results"].hits]


def share(entry, therapist):
    return Share.objects.create(owner=entry.owner, recipient=therapist, entry=entry)


@pytest.fixture
def bobs_colleague(world):
    """bob is a patient of the colleague (not of `therapist`), with the same words shared."""
    link = CareLink.objects.create(patient=world.bob, clinic=world.clinic)
    CareTeamMember.objects.create(link=link, therapist=world.colleague)
    share(make_entry(world.bob, title="Bob on his mother"), world.colleague)
    return link


def test_finds_only_what_is_shared_with_this_therapist(world, bobs_colleague):
    response = search(client_for(world.therapist), q="mother")
    assert response.status_code == 200
    # alice's shared entry; not her private one, not bob's (shared with the colleague).
    assert titles(response) == ["Shared entry"]
    html = response.content.decode()
    assert "<mark>mother</mark>" in html
    assert "Alice" in html or str(world.alice) in html
    assert reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk]) in html
    assert "Bob on his mother" not in html and "Private entry" not in html
    # And the colleague finds bob's alone.
    assert titles(search(client_for(world.colleague), q="mother")) == ["Bob on his mother"]


def test_a_revoked_share_and_a_trashed_entry_disappear(world):
    therapist = client_for(world.therapist)
    second = make_entry(world.alice, title="Second", body="my mother again")
    share(second, world.therapist)
    assert sorted(titles(search(therapist, q="mother"))) == ["Second", "Shared entry"]
    Share.objects.filter(entry=world.entry, recipient=world.therapist).update(
        revoked_at=timezone.now()
    )
    assert titles(search(therapist, q="mother")) == ["Second"]
    second.deleted_at = timezone.now()
    second.save()
    response = search(therapist, q="mother")
    assert titles(response) == []
    assert "Nothing found" in response.content.decode()


def test_leaving_the_care_team_ends_the_search(world):
    therapist = client_for(world.therapist)
    assert titles(search(therapist, q="mother")) == ["Shared entry"]
    CareTeamMember.objects.filter(therapist=world.therapist).delete()
    assert titles(search(therapist, q="mother")) == []
    assert search(therapist, q="mother", patient=world.alice.pk).status_code == 404


def test_scoped_to_one_patient(world, bobs_colleague):
    CareTeamMember.objects.create(link=bobs_colleague, therapist=world.therapist)
    share(make_entry(world.bob, title="Bob's day", body="my mother called"), world.therapist)
    therapist = client_for(world.therapist)
    assert sorted(titles(search(therapist, q="mother"))) == ["Bob's day", "Shared entry"]
    scoped = search(therapist, q="mother", patient=world.alice.pk)
    assert titles(scoped) == ["Shared entry"]
    assert scoped.context["patient"] == world.alice
    # Not one of the therapist's patients, or not a key at all: 404.
    assert search(client_for(world.colleague), q="x", patient=world.alice.pk).status_code == 404
    assert search(therapist, q="x", patient="not-a-key").status_code == 404


def test_the_patient_and_strangers_get_404_and_sign_in_is_required(client, world):
    for person in (world.alice, world.bob, world.friend, world.admin):
        assert search(client_for(person), q="mother").status_code == 404, person
    response = search(client, q="mother")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # Without MFA: sent to set it up first, nothing shown.
    response = search(client_for(world.nomfa), q="mother")
    assert response.status_code == 302
    assert response["Location"] == reverse("care:mfa_required")


def test_only_get(world):
    therapist = client_for(world.therapist)
    assert therapist.post(URL, {"q": "mother"}).status_code == 405
    assert therapist.put(URL).status_code == 405


def test_the_form_and_a_gentle_empty_answer(world):
    therapist = client_for(world.therapist)
    html = search(therapist).content.decode()
    assert '<label for="id_q">' in html and 'role="search"' in html
    assert "entries found" not in html
    html = search(therapist, q="zebra").content.decode()
    assert "Nothing found" in html and "Try fewer or other words" in html
    # Too long to be a search: said next to the field, nothing searched.
    response = search(therapist, q="mother " * 40)
    assert response.context["results"] is None
    assert 'id="id_q_error"' in response.content.decode()
    # Linked from the dashboard and from the patient's page, scoped there.
    assert URL in therapist.get(reverse("care:dashboard")).content.decode()
    page = therapist.get(reverse("care:patient", args=[world.alice.pk])).content.decode()
    assert f"{URL}?patient={world.alice.pk}" in page


def test_each_result_shown_is_in_the_patients_access_log(world):
    second = make_entry(world.alice, title="Second", body="my mother again")
    share(second, world.therapist)
    before = AccessEvent.objects.count()
    search(client_for(world.therapist), q="mother")
    events = AccessEvent.objects.filter(action=AccessEvent.Action.SEARCH)
    assert AccessEvent.objects.count() == before + 2
    assert {(e.patient_id, e.actor_id, e.item_type, e.item_id) for e in events} == {
        (world.alice.pk, world.therapist.pk, "entry", str(world.entry.pk)),
        (world.alice.pk, world.therapist.pk, "entry", str(second.pk)),
    }
    # Nothing found, nothing logged; the patient reads it in words.
    search(client_for(world.therapist), q="zebra")
    assert AccessEvent.objects.count() == before + 2
    log = client_for(world.alice).get(reverse("care:access_log")).content.decode()
    assert "Searched your shared entries" in log


def test_pages_of_the_closest_matches(world):
    for number in range(25):
        share(make_entry(world.alice, title=f"Mother {number}", body="x"), world.therapist)
    therapist = client_for(world.therapist)
    first = search(therapist, q="mother")
    assert first.context["results"].total == 26
    assert len(titles(first)) == 20
    assert 'rel="next"' in first.content.decode()
    second = search(therapist, q="mother", page=2)
    assert len(titles(second)) == 6
    assert not set(titles(first)) & set(titles(second))
    assert 'rel="prev"' in second.content.decode()
    assert titles(search(therapist, q="mother", page="x")) == titles(first)


def test_query_count_does_not_grow_with_shared_entries_or_patients(world, bobs_colleague):
    CareTeamMember.objects.create(link=bobs_colleague, therapist=world.therapist)
    therapist = client_for(world.therapist)
    url = f"{URL}?q=mother"
    few = query_count(therapist, url)
    for number in range(15):
        share(make_entry(world.alice, title=f"Mother {number}"), world.therapist)
        share(make_entry(world.bob, title=f"Bob's mother {number}"), world.therapist)
    assert len(titles(search(therapist, q="mother"))) == 20
    assert query_count(therapist, url) == few


def test_sqlite_asks_the_index_for_the_patients_entries_alone(world):
    """The plan of the search: the FTS5 index by MATCH, then each match's entry and share by
    their keys, never a scan of the entries or the shares."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 index")
    from care import access
    from journal import search as journal_search

    terms = journal_search.parse("mother")
    expression = journal_search._fts_expression(terms, owners=[world.alice.pk])
    matches = access.entries_shared_with(world.therapist).filter(
        text_index__document__match=expression
    )
    sql, params = matches.order_by("text_index__rank").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        steps = [row[-1] for row in cursor.fetchall()]
    scans = [step for step in steps if step.startswith("SCAN ")]
    assert len(scans) == 1 and "journal_entry_fts VIRTUAL TABLE INDEX" in scans[0], steps
    assert any("journal_entry USING INDEX" in step for step in steps), steps
    assert any("share_unique_active_entry" in step for step in steps), steps
    assert f'"{world.alice.pk.hex}"' in expression


def test_postgresql_starts_from_the_shares_or_the_gin_index(world):
    """Among many journals and many shared entries, the matches of a word come from the
    therapist's shares (each entry by its key) or the GIN index of the stored tsvector, never
    from a walk of the entries or of a patient's whole journal; the headline is made for the
    page's entries alone."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's GIN index")
    from django.test.utils import CaptureQueriesContext

    from care import access
    from journal import search as journal_search
    from journal.models import Entry

    Entry.objects.bulk_create(
        Entry(owner=owner, title=f"Day {n}", body=f"a walk by the water, day {n}")
        for owner in (world.alice, world.bob)
        for n in range(1500)
    )
    Share.objects.bulk_create(
        Share(owner=world.alice, recipient=world.therapist, entry=item)
        for item in Entry.objects.filter(owner=world.alice, title__startswith="Day ")[:300]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE journal_entry")
        cursor.execute("ANALYZE care_share")
    matches = access.entries_shared_with(world.therapist).filter(
        search_document=journal_search._tsquery(journal_search.parse("mother"))
    )
    sql, params = matches.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert (
        "Index Scan using journal_entry_pkey" in plan
        or "Bitmap Index Scan on journal_entry_search_document_idx" in plan
    ), plan
    assert "Seq Scan on journal_entry" not in plan, plan
    assert "journal_entry_owner" not in plan, plan  # not every entry of alice's
    with CaptureQueriesContext(connection) as ctx:
        journal_search.search_shared(
            access.entries_shared_with(world.therapist), "mother", owners=[world.alice.pk]
        )
    headlines = [q["sql"] for q in ctx.captured_queries if "ts_headline" in q["sql"]]
    assert len(headlines) == 1 and world.entry.pk.hex in headlines[0]
