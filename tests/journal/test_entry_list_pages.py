"""The journal list pages by keyset: Newest / Newer / Older links carry a cursor (the time and id
of the row a page ends at), so the oldest page costs what the first does."""

import datetime as dt
import re
import uuid
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from integration_journal.keyset import integer_id, make_cursor, parse_cursor
from journal.models import Entry
from journal.views.common import PAGE_SIZE
from tests.helpers import client_for, query_count

pytestmark = pytest.mark.django_db
URL = reverse("journal:entry_list")


def titles(html: str) -> list[str]:
    return re.findall(r'entry-card__title"><a href="[^"]+">([^<]+)</a>', html)


def link(html: str, label: str) -> str | None:
    """The href of the pagination link called `label`, or None."""
    found = re.search(rf'<a href="([^"]*)"[^>]*>{label}</a>', html)
    return unescape(found.group(1)) if found else None


def fill(owner, count: int, *, tie_at=(18, 19, 20, 21)) -> list[Entry]:
    """`count` entries an hour apart, newest first as titles "e00", "e01"…; the ones at
    `tie_at` share one instant, across the first page's end, so only the id orders them."""
    now = timezone.now().replace(microsecond=0)
    tie = now - dt.timedelta(hours=tie_at[0]) if tie_at else None
    return Entry.objects.bulk_create(
        Entry(
            owner=owner,
            title=f"e{i:02d}",
            happened_at=tie if i in tie_at else now - dt.timedelta(hours=i),
            updated=now,
        )
        for i in range(count)
    )


def in_list_order(owner) -> list[str]:
    rows = Entry.objects.for_owner(owner).order_by("-happened_at", "-pk")
    return list(rows.values_list("title", flat=True))


def walk_older(client) -> list[str]:
    """Every page from the newest, by the Older links: the pages' titles."""
    pages, url = [], URL
    while url is not None:
        response = client.get(URL + url if url.startswith("?") else url)
        assert response.status_code == 200
        html = response.content.decode()
        pages.append(titles(html))
        url = link(html, "Older")
    return pages


def test_pages_hold_every_entry_once_newest_first_ties_broken_by_id(people):
    fill(people.alice, 2 * PAGE_SIZE + 5)
    fill(people.bob, 30)
    client = client_for(people.alice)
    pages = walk_older(client)
    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 5]
    expected = in_list_order(people.alice)
    assert [title for page in pages for title in page] == expected
    # The four entries written at one instant are ordered by id, two on each side of the break.
    assert sorted(pages[0][-2:] + pages[1][:2]) == ["e18", "e19", "e20", "e21"]
    assert pages[2] == expected[-5:]  # the last page holds the oldest entry
    assert pages[2][-1] == "e44"


def test_links_newest_newer_older_and_no_page_count(people):
    fill(people.alice, 2 * PAGE_SIZE + 5)
    client = client_for(people.alice)
    first = client.get(URL).content.decode()
    assert link(first, "Newest") is None and link(first, "Newer") is None
    assert "Page 1" not in first  # no page number: it would cost a count of every entry
    middle = client.get(URL + link(first, "Older")).content.decode()
    assert link(middle, "Newest") == "?"
    last = client.get(URL + link(middle, "Older")).content.decode()
    assert link(last, "Older") is None
    assert link(last, "Newer") and link(last, "Newest") == "?"
    # Back by the Newer links: the same pages, ending on the newest, which has no Newer link.
    back = client.get(URL + link(last, "Newer")).content.decode()
    assert titles(back) == titles(middle)
    top = client.get(URL + link(back, "Newer")).content.decode()
    assert titles(top) == titles(first)
    assert link(top, "Newer") is None and link(top, "Newest") is None
    assert link(top, "Older") == link(first, "Older")


def test_one_page_has_no_links(people):
    fill(people.alice, PAGE_SIZE, tie_at=())
    html = client_for(people.alice).get(URL).content.decode()
    assert len(titles(html)) == PAGE_SIZE
    assert 'class="pagination"' not in html


def test_the_oldest_page_makes_as_many_queries_as_the_first(people):
    entries = fill(people.alice, 6 * PAGE_SIZE)
    client = client_for(people.alice)
    oldest = sorted(entries, key=lambda e: (e.happened_at, str(e.pk)))[:PAGE_SIZE]
    html = client.get(URL).content.decode()
    older = link(html, "Older")
    while (following := link(client.get(URL + older).content.decode(), "Older")) is not None:
        older = following
    assert set(titles(client.get(URL + older).content.decode())) == {e.title for e in oldest}
    assert query_count(client, URL + older) == query_count(client, URL)


def test_a_cursor_at_an_entry_since_trashed_still_pages_from_there(people):
    fill(people.alice, 2 * PAGE_SIZE + 5)
    client = client_for(people.alice)
    first = client.get(URL).content.decode()
    older = link(first, "Older")
    end_of_first = Entry.objects.get(owner=people.alice, title=titles(first)[-1])
    Entry.objects.filter(pk=end_of_first.pk).update(deleted_at=timezone.now())
    expected = in_list_order(people.alice)
    second = client.get(URL + older)
    assert second.status_code == 200
    assert titles(second.content.decode()) == expected[PAGE_SIZE - 1 : 2 * PAGE_SIZE - 1]
    # Newer from the trashed entry: less than a page is newer than it, so the newest page.
    newer = make_cursor(end_of_first.happened_at, end_of_first.pk)
    response = client.get(URL, {"after": newer})
    assert titles(response.content.decode()) == expected[:PAGE_SIZE]


@pytest.mark.parametrize(
    "query",
    [
        {"before": "junk"},
        {"after": "junk"},
        {"before": ""},
        {"before": "20250102T030405.000000Z"},
        {"before": "20250102T030405.000000Z_not-a-uuid"},
        {"before": f"2025-01-02T03:04:05_{uuid.uuid4()}"},
        {"before": f"20251302T030405.000000Z_{uuid.uuid4()}"},
        {"before": f"99999999T999999.999999Z_{uuid.uuid4()}"},
        {"before": "x" * 5000},
        {"before": f"20250102T030405.000000Z_{uuid.uuid4()}" + "_" * 200},
        {"before": f"19700101T000000.000000Z_{uuid.uuid4()}"},  # nothing is older
        {"after": f"29990101T000000.000000Z_{uuid.uuid4()}"},  # nothing is newer
        {"page": "2"},  # an old bookmark
        {"page": "x"},
    ],
)
def test_a_bad_or_tampered_cursor_shows_the_newest_page(people, query):
    fill(people.alice, 2 * PAGE_SIZE + 5)
    client = client_for(people.alice)
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == in_list_order(people.alice)[:PAGE_SIZE]
    assert link(html, "Newest") is None


def test_a_cursor_never_shows_someone_elses_entries(people):
    fill(people.alice, 5, tie_at=())
    bobs = fill(people.bob, 2 * PAGE_SIZE, tie_at=())
    client = client_for(people.alice)
    for key in ("before", "after"):
        cursor = make_cursor(bobs[PAGE_SIZE].happened_at, bobs[PAGE_SIZE].pk)
        html = client.get(URL, {key: cursor}).content.decode()
        assert titles(html) and all(t in {"e00", "e01", "e02", "e03", "e04"} for t in titles(html))


def test_login_required_and_get_only(client, people):
    cursor = make_cursor(timezone.now(), uuid.uuid4())
    response = client.get(URL, {"before": cursor})
    assert response.status_code == 302 and "next=" in response["Location"]
    assert client_for(people.alice).post(URL, {"before": cursor}).status_code == 405


def test_a_cursor_reads_back_what_it_was_made_of():
    at = dt.datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC)
    pk = uuid.uuid4()
    assert parse_cursor(make_cursor(at, pk)) == (at, pk)
    berlin = at.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert make_cursor(berlin, pk) == make_cursor(at, pk)
    assert make_cursor(at.replace(microsecond=0), 7) == "20260304T050607.000000Z_7"
    assert parse_cursor("20260304T050607.000000Z_7", integer_id) == (at.replace(microsecond=0), 7)
    for bad in ("20260304T050607.000000Z_-7", "20260304T050607.000000Z_٧", f"x_{2**63}"):
        assert parse_cursor(bad, integer_id) is None
    assert parse_cursor(f"20260304T050607.000000Z_{2**63}", integer_id) is None
