import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import Entry, TreatmentSession
from journal.views.timeline import TIMELINE_BETWEEN, TIMELINE_PHASE
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
    hidden = 20 - TIMELINE_BETWEEN
    assert len(titles(html)) == TIMELINE_BETWEEN
    assert "day 19" in html and f"day {hidden}<" in html and f"day {hidden - 1}<" not in html
    assert f"{hidden} earlier entries from this stretch" in html
    earlier = client_for(people.alice).get(earlier_link(html)).content.decode()
    assert sorted(titles(earlier), key=lambda t: int(t[4:])) == [f"day {n}" for n in range(hidden)]


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
    hidden = 20 - TIMELINE_BETWEEN
    assert link.group(2) == str(hidden)
    target = client.get(earlier_link(html))
    assert target.status_code == 200
    assert "entries you wrote outside any session" in target.content.decode()
    earlier = {f"loose {n}" for n in range(hidden)}
    assert sorted(titles(target.content.decode())) == sorted(earlier)
    shown = titles(html)
    assert not set(shown) & earlier  # each entry in one place only
    assert {f"loose {n}" for n in range(hidden, 20)} <= set(shown)


def test_a_long_stretch_with_many_earlier_entries_pages_through_exactly_them(people):
    start = timezone.now() - dt.timedelta(days=200)
    for n in range(80):  # no sessions at all: one stretch
        at(people.alice, f"note {n:02}", start + dt.timedelta(days=n))
    client = client_for(people.alice)
    html = client.get(reverse("journal:timeline")).content.decode()
    hidden = 80 - TIMELINE_BETWEEN
    assert EARLIER.search(html).group(2) == str(hidden)
    listed = all_titles(client, earlier_link(html))
    assert listed == [f"note {n:02}" for n in reversed(range(hidden))]  # newest first, each once


def test_entries_written_at_the_same_moment_are_never_split_or_doubled(people):
    start = timezone.now() - dt.timedelta(days=30)
    same = start + dt.timedelta(days=1)
    at(people.alice, "first", start)
    for n in range(3):
        at(people.alice, f"together {n}", same)
    # The three written together take the last two places the stretch shows, and one more.
    for n in range(TIMELINE_BETWEEN - 2):
        at(people.alice, f"later {n:02}", same + dt.timedelta(days=n + 1))
    client = client_for(people.alice)
    html = client.get(reverse("journal:timeline")).content.decode()
    # The three written together all stay on the timeline.
    assert len(titles(html)) == TIMELINE_BETWEEN + 1
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


def test_a_session_shows_the_first_entries_of_each_phase_and_links_to_the_rest(people):
    s = session(people.alice, number=1, days_ago=30)
    for n in range(TIMELINE_PHASE + 2):
        entry(people.alice, title=f"after {n}", session=s, phase="after", days_ago=29 - n)
    entry(people.alice, title="during it", session=s, phase="during", days_ago=30)
    entry(people.alice, title="trashed", session=s, phase="after", deleted_at=timezone.now())
    html = client_for(people.alice).get(reverse("journal:timeline")).content.decode()
    assert titles(html) == ["during it", *(f"after {n}" for n in range(TIMELINE_PHASE))]
    more = re.search(r'<a href="([^"]+)">(\d+) more entries about this session</a>', html)
    assert more.group(2) == "2"
    assert more.group(1) == reverse("journal:session_detail", args=[s.pk])
    rest = client_for(people.alice).get(more.group(1)).content.decode()
    assert {f"after {n}" for n in range(TIMELINE_PHASE + 2)} <= set(titles(rest))


def test_a_session_with_few_entries_shows_them_all_without_a_link(people):
    s = session(people.alice, number=1, days_ago=30)
    entry(people.alice, title="only one", session=s, phase="after", days_ago=29)
    html = client_for(people.alice).get(reverse("journal:timeline")).content.decode()
    assert titles(html) == ["only one"]
    assert "more entr" not in html
