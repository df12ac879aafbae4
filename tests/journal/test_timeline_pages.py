import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import Entry, TreatmentSession
from tests.helpers import client_for
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'entry-card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_timeline_pages_by_session_and_every_entry_appears_once(people):
    client = client_for(people.alice)
    for n in range(1, 11):  # sessions 70, 63, ... 7 days ago
        s = session(people.alice, number=n, days_ago=77 - 7 * n)
        entry(people.alice, title=f"s{n}-after", session=s, phase="after", days_ago=76 - 7 * n)
        entry(people.alice, title=f"loose-after-s{n}", days_ago=75 - 7 * n)
    entry(people.alice, title="before-everything", days_ago=200)
    entry(people.bob, title="bob's", days_ago=3)
    url = reverse("journal:timeline")
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    third = client.get(url + "?page=3").content.decode()
    assert "Session 10" in first and "Session 7" in first and "Session 6" not in first
    assert "Session 6" in second and "Session 3" in second and "Session 2" not in second
    assert "Session 2" in third and "Session 1<" in third
    assert titles(first)[:2] == ["loose-after-s10", "s10-after"]  # newest first
    assert titles(first)[-2:] == ["loose-after-s7", "s7-after"]
    assert titles(third)[-1] == "before-everything"
    seen = titles(first) + titles(second) + titles(third)
    assert len(seen) == len(set(seen)) == 21
    assert "bob" not in first + second + third
    assert "Earlier sessions" in first and "Newer sessions" in third


def test_timeline_without_sessions_lists_loose_entries(people):
    entry(people.alice, title="just writing")
    html = client_for(people.alice).get(reverse("journal:timeline")).content.decode()
    assert titles(html) == ["just writing"]
    assert "Between sessions" in html


def test_a_long_stretch_between_sessions_links_to_its_earlier_entries(people):
    session(people.alice, number=1, days_ago=60)
    for n in range(20):
        entry(people.alice, title=f"day {n}", days_ago=50 - n)
    html = client_for(people.alice).get(reverse("journal:timeline")).content.decode()
    assert len(titles(html)) == 15
    assert "day 19" in html and "day 4<" not in html
    assert "5 earlier entries from this stretch" in html
    earlier = client_for(people.alice).get(earlier_link(html)).content.decode()
    assert sorted(titles(earlier)) == [f"day {n}" for n in range(5)]


EARLIER = re.compile(r'<a href="([^"]+)">(\d+) earlier entr(?:y|ies) from this stretch</a>')


def earlier_link(html: str) -> str:
    return unescape(EARLIER.search(html).group(1))


def all_titles(client, url: str) -> list[str]:
    """Every entry title on a paged list, following its "Older" links."""
    seen = []
    while url:
        html = client.get(url).content.decode()
        seen += titles(html)
        older = re.search(r'<a href="([^"]+)" rel="next">Older</a>', html)
        url = unescape(older.group(1)) if older else ""
        if url.startswith("?"):
            url = reverse("journal:timeline_between") + url
    return seen


def at(owner, title, when, **extra):
    return Entry.objects.create(
        owner=owner, title=title, body="x", created=when, updated=when, happened_at=when, **extra
    )


def test_the_earlier_count_is_what_the_linked_page_lists(people):
    base = timezone.now().replace(hour=12, minute=0) - dt.timedelta(days=100)
    first = TreatmentSession.objects.create(owner=people.alice, number=1, date=base)
    TreatmentSession.objects.create(owner=people.alice, number=2, date=base + dt.timedelta(days=30))
    at(people.alice, "the evening before", base - dt.timedelta(hours=1))
    for n in range(20):
        at(people.alice, f"loose {n}", base + dt.timedelta(days=n, hours=1))
    # Written in the same days, but about a session or by someone else: not in this stretch.
    at(people.alice, "about session 1", base + dt.timedelta(days=2), session=first)
    at(people.bob, "bob's", base + dt.timedelta(days=2))
    at(people.alice, "trashed", base + dt.timedelta(days=2), deleted_at=timezone.now())
    client = client_for(people.alice)
    html = client.get(reverse("journal:timeline")).content.decode()
    link = EARLIER.search(html)
    assert link.group(2) == "5"
    target = client.get(earlier_link(html))
    assert target.status_code == 200
    assert "entries you wrote outside any session" in target.content.decode()
    assert sorted(titles(target.content.decode())) == [f"loose {n}" for n in range(5)]
    shown = titles(html)
    assert not set(shown) & {f"loose {n}" for n in range(5)}  # each entry in one place only


def test_a_long_stretch_with_many_earlier_entries_pages_through_exactly_them(people):
    start = timezone.now() - dt.timedelta(days=200)
    for n in range(80):  # no sessions at all: one stretch
        at(people.alice, f"note {n:02}", start + dt.timedelta(days=n))
    client = client_for(people.alice)
    html = client.get(reverse("journal:timeline")).content.decode()
    assert EARLIER.search(html).group(2) == "65"
    listed = all_titles(client, earlier_link(html))
    assert listed == [f"note {n:02}" for n in reversed(range(65))]  # newest first, each once


def test_entries_written_at_the_same_moment_are_never_split_or_doubled(people):
    start = timezone.now() - dt.timedelta(days=30)
    same = start + dt.timedelta(days=1)
    at(people.alice, "first", start)
    for n in range(3):
        at(people.alice, f"together {n}", same)
    for n in range(13):
        at(people.alice, f"later {n:02}", same + dt.timedelta(days=n + 1))
    client = client_for(people.alice)
    html = client.get(reverse("journal:timeline")).content.decode()
    assert len(titles(html)) == 16  # the three written together all stay on the timeline
    assert EARLIER.search(html).group(2) == "1"
    assert titles(client.get(earlier_link(html)).content.decode()) == ["first"]


def test_the_between_page_is_private_needs_login_and_get_and_refuses_bad_bounds(client, people):
    at(people.alice, "alice own", timezone.now() - dt.timedelta(days=3))
    url = reverse("journal:timeline_between")
    assert client.get(url).status_code == 302
    alice, bob = client_for(people.alice), client_for(people.bob)
    assert alice.post(url).status_code == 405
    assert titles(alice.get(url).content.decode()) == ["alice own"]
    assert "alice" not in bob.get(url).content.decode()
    assert alice.get(url, {"after": "yesterday"}).status_code == 404
    assert alice.get(url, {"before": "2025-13-40T99:00"}).status_code == 404
    assert alice.get(url, {"older": "x"}).status_code == 200  # a made-up cursor: the newest
