"""Query counts of the journal pages stay the same from 10 to 500 entries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from integration_journal.keyset import make_cursor
from journal.models import Entry, Theme, TreatmentSession
from journal.views.common import PAGE_SIZE
from tests.helpers import client_for, query_count

pytestmark = pytest.mark.django_db


def fill(owner, count: int, *, start: int) -> TreatmentSession:
    """`count` entries over a few sessions, each with two themes, in a handful of queries."""
    now = timezone.now()
    sessions = TreatmentSession.objects.bulk_create(
        TreatmentSession(owner=owner, number=start + i, date=now - dt.timedelta(days=400 - i * 7))
        for i in range(max(1, count // 25))
    )
    themes = Theme.objects.get_or_create_named(owner, [f"theme {i}" for i in range(12)])
    phases = Entry.Phase.values
    entries = Entry.objects.bulk_create(
        Entry(
            owner=owner,
            session=sessions[i % len(sessions)] if i % 4 else None,
            phase=phases[i % len(phases)],
            title=f"river {start}-{i}",
            body="the river again",
            body_html="<p>the river again</p>",
            emotions=["calm"],
            happened_at=now - dt.timedelta(hours=i * 13),
            updated=now,
        )
        for i in range(count)
    )
    Through = Entry.themes.through
    Through.objects.bulk_create(
        Through(entry_id=e.pk, theme_id=themes[(i + k) % len(themes)].pk)
        for i, e in enumerate(entries)
        for k in (0, 5)
    )
    return sessions[0]


@pytest.mark.parametrize(
    "url",
    [
        reverse("journal:entry_list"),
        reverse("journal:timeline"),
        reverse("journal:session_list"),
        reverse("journal:search") + "?q=river",
        reverse("journal:search") + "?q=river&phase=after",
        reverse("home"),
    ],
)
def test_pages_do_not_grow_from_10_to_500_entries(people, url):
    client = client_for(people.alice)
    fill(people.alice, 10, start=1)
    few = query_count(client, url)
    fill(people.alice, 490, start=100)
    assert Entry.objects.for_owner(people.alice).count() == 500
    assert query_count(client, url) == few


def test_session_page_does_not_grow_from_10_to_500_entries(people):
    client = client_for(people.alice)
    s = fill(people.alice, 10, start=1)
    url = reverse("journal:session_detail", args=[s.pk])
    few = query_count(client, url)
    Entry.objects.filter(owner=people.alice).update(session=s)
    fill(people.alice, 490, start=100)
    Entry.objects.filter(owner=people.alice).update(session=s)
    assert s.entries.count() == 500
    assert query_count(client, url) == few


def test_the_journal_lists_oldest_page_does_not_grow_from_10_to_500_entries(people):
    """The page before the 21st-oldest entry, by a cursor as the Older link carries: the list's
    last page, which OFFSET paging made cost a scan of every entry before it."""
    client = client_for(people.alice)
    url = reverse("journal:entry_list")

    def oldest_page() -> str:
        rows = Entry.objects.for_owner(people.alice).order_by("happened_at", "pk")
        cutoff = rows[PAGE_SIZE] if rows.count() > PAGE_SIZE else rows.last()
        return f"{url}?before={make_cursor(cutoff.happened_at, cutoff.pk)}"

    fill(people.alice, 30, start=1)
    first, last = query_count(client, url), query_count(client, oldest_page())
    assert last == first
    fill(people.alice, 470, start=100)
    html = client.get(oldest_page()).content.decode()
    assert "river 100-469" in html and "Older</a>" not in html  # the oldest entry, the end
    assert query_count(client, oldest_page()) == first
    assert query_count(client, url) == first
