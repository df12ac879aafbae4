"""The access log pages by keyset, newest first by time and then id, 100 events a page, with the
person filter kept on every link; the oldest page costs what the first does."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from care import audit
from care.models import AccessEvent
from care.views.patient import ACCESS_LOG_PAGE_SIZE as SIZE
from integration_journal.keyset import make_cursor
from tests.helpers import client_for, query_count

pytestmark = pytest.mark.django_db
URL = reverse("care:access_log")


def log(patient, count: int, *, actors=(None,), tie_at=(SIZE - 2, SIZE - 1, SIZE, SIZE + 1)):
    """`count` events an hour apart, newest first labelled "v000", "v001"…, by `actors` in turn;
    those at `tie_at` share one instant, across the first page's end."""
    now = timezone.now().replace(microsecond=0)
    events = []
    for i in range(count):
        actor = actors[i % len(actors)]
        at = now - dt.timedelta(hours=tie_at[0] if i in tie_at else i)
        events.append(
            AccessEvent(actor=actor, actor_label=f"v{i:03d}", patient=patient, action="view", at=at)
        )
    # Oldest first, as they would have been written: ids grow with time.
    return AccessEvent.objects.bulk_create(reversed(events))


def times(html: str) -> list[dt.datetime]:
    return [dt.datetime.fromisoformat(t) for t in re.findall(r'<time datetime="([^"]+)"', html)]


def labels(html: str) -> list[str]:
    return re.findall(r"<td>(v\d{3})</td>", html)


def link(html: str, label: str) -> str | None:
    found = re.search(rf'<a href="([^"]*)"[^>]*>{label}</a>', html)
    return unescape(found.group(1)) if found else None


def expected(patient, **filters) -> list[str]:
    rows = AccessEvent.objects.filter(patient=patient, **filters).order_by("-at", "-id")
    return list(rows.values_list("actor_label", flat=True))


def walk(client, start: str) -> list[str]:
    pages, url = [], start
    while url is not None:
        response = client.get(URL + url)
        assert response.status_code == 200
        html = response.content.decode()
        pages.append(html)
        url = link(html, "Older")
    return pages


def test_pages_hold_every_event_once_newest_first_ties_broken_by_id(world):
    log(world.alice, 2 * SIZE + 5)
    log(world.bob, 30)
    pages = walk(client_for(world.alice), "")
    assert [len(labels(p)) for p in pages] == [SIZE, SIZE, 5]
    shown = [label for page in pages for label in labels(page)]
    assert shown == expected(world.alice)
    # Written at one instant, the later id first (v098 was written after v101).
    assert labels(pages[0])[-2:] + labels(pages[1])[:2] == ["v098", "v099", "v100", "v101"]
    every_time = [t for page in pages for t in times(page)]
    assert every_time == sorted(every_time, reverse=True)
    middle, last = pages[1], pages[2]
    assert link(middle, "Newest") == "?" and link(pages[0], "Newest") is None
    assert link(last, "Older") is None
    back = client_for(world.alice).get(URL + link(last, "Newer")).content.decode()
    assert labels(back) == labels(middle)
    assert "Page 1" not in pages[0]


def test_the_person_filter_is_kept_on_every_page(world):
    log(world.alice, 3 * SIZE, actors=(world.therapist, world.friend, None))
    client = client_for(world.alice)
    person = str(world.friend.pk)
    pages = walk(client, f"?person={person}")
    assert [len(labels(p)) for p in pages] == [SIZE]  # a third of them are the friend's
    pages = walk(client, f"?person={world.therapist.pk}")
    assert len(pages) == 1
    log(world.alice, 2 * SIZE, actors=(world.friend,), tie_at=())
    pages = walk(client, f"?person={person}")
    assert [len(labels(p)) for p in pages] == [SIZE, SIZE, SIZE]
    assert [x for p in pages for x in labels(p)] == expected(world.alice, actor=world.friend)
    for page in pages[1:]:
        assert link(page, "Newest") == f"?person={person}&"
        assert link(page, "Newer").startswith(f"?person={person}&after=")
    assert link(pages[0], "Older").startswith(f"?person={person}&before=")
    assert f'<option value="{person}" selected>' in pages[1]


def test_the_oldest_page_makes_as_many_queries_as_the_first(world):
    events = log(world.alice, 5 * SIZE, actors=(None, world.therapist))
    client = client_for(world.alice)
    cutoff = sorted(events, key=lambda e: (e.at, e.pk))[SIZE]
    oldest = f"{URL}?before={make_cursor(cutoff.at, cutoff.pk)}"
    html = client.get(oldest).content.decode()
    assert labels(html)[-1] == f"v{5 * SIZE - 1:03d}" and link(html, "Older") is None
    assert query_count(client, oldest) == query_count(client, URL)
    person = f"{URL}?person={world.therapist.pk}"
    filtered = f"{person}&before={make_cursor(cutoff.at, cutoff.pk)}"
    assert labels(client.get(filtered).content.decode())
    assert query_count(client, filtered) == query_count(client, person)
    assert not audit.verify_chains(str(world.alice.pk)).broken


@pytest.mark.parametrize(
    "query",
    [
        {"before": "junk"},
        {"after": "20250102T030405.000000Z_abc"},
        {"before": "20250102T030405.000000Z_-1"},
        {"before": f"20250102T030405.000000Z_{2**64}"},
        {"before": "20250102T030405.000000Z_0x10"},
        {"before": "20250102T030405.000000Z_1e3"},
        {"before": "19700101T000000.000000Z_1"},  # nothing is older
        {"after": "29990101T000000.000000Z_1"},  # nothing is newer
        {"page": "3"},
    ],
)
def test_a_bad_or_tampered_cursor_shows_the_newest_page(world, query):
    log(world.alice, 2 * SIZE + 5)
    response = client_for(world.alice).get(URL, query)
    assert response.status_code == 200
    assert labels(response.content.decode()) == expected(world.alice)[:SIZE]


def test_a_cursor_shows_only_my_own_log(world):
    events = log(world.alice, 2 * SIZE)
    cursor = make_cursor(events[0].at, events[0].pk)
    for key in ("before", "after"):
        html = client_for(world.bob).get(URL, {key: cursor}).content.decode()
        assert labels(html) == [] and "Nobody else has opened" in html
    # Filtering by someone on another patient's log shows nothing of that log either.
    log(world.bob, 3, actors=(world.therapist,), tie_at=())
    html = client_for(world.alice).get(URL, {"person": str(world.therapist.pk)}).content.decode()
    assert labels(html) == []


def test_login_required_and_get_only(client, world):
    cursor = make_cursor(timezone.now(), 5)
    response = client.get(URL, {"before": cursor})
    assert response.status_code == 302 and "next=" in response["Location"]
    assert client_for(world.alice).post(URL, {"before": cursor}).status_code == 405
