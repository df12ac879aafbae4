import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import client_for
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def test_timeline_orders_sessions_and_between_entries(people):
    first = session(people.alice, number=1, days_ago=20)
    second = session(people.alice, number=2, days_ago=10)
    entry(people.alice, title="Before any session", days_ago=30)
    entry(people.alice, title="About the first", session=first, phase="after", days_ago=19)
    entry(people.alice, title="A day in between", days_ago=15)
    entry(people.alice, title="About the second", session=second, phase="after", days_ago=9)
    content = client_for(people.alice).get(reverse("journal:timeline")).content.decode()
    order = [
        "About the second",
        "Session 2",
        "A day in between",
        "About the first",
        "Session 1",
        "Before any session",
    ]
    positions = [content.index(text) for text in order]
    assert positions[0] > positions[1]  # within a session block, heading first
    assert positions[1] < positions[2] < positions[4] < positions[5]


def search(client, **params):
    return client.get(reverse("journal:search"), params)


def test_search_finds_and_highlights(people):
    entry(people.alice, title="Lake", body="The lake was warm and <b>quiet</b>.")
    entry(people.alice, title="Work", body="Deadlines again.")
    entry(people.bob, title="Bob's lake", body="Another lake")
    response = search(client_for(people.alice), q="lake")
    content = response.content.decode()
    assert "1 entry found" in content
    assert "<mark>lake</mark>" in content.lower() or "<mark>Lake</mark>" in content
    assert "Bob&#x27;s lake" not in content and "Bob's lake" not in content
    assert "<b>quiet" not in content  # raw HTML in the body never reaches the page as HTML
    assert "quiet" in content


def test_search_filters(people):
    s = session(people.alice)
    entry(people.alice, title="One", body="river", phase="after", session=s, themes=["water"])
    entry(people.alice, title="Two", body="river", phase="free", days_ago=40)
    client = client_for(people.alice)
    assert "1 entry found" in search(client, q="river", phase="after").content.decode()
    assert "1 entry found" in search(client, q="river", theme="water").content.decode()
    assert "1 entry found" in search(client, q="river", session=s.pk).content.decode()
    start = (timezone.now() - dt.timedelta(days=5)).date().isoformat()
    assert "1 entry found" in search(client, q="river", start=start).content.decode()
    assert "2 entries found" in search(client, q="river").content.decode()


def test_search_pickers_offer_the_own_themes_and_sessions_and_keep_the_choice(people):
    """The theme and session pickers list the person's own, "any" first, and show the chosen
    one selected again with the results; a stranger's are not offered."""
    first, second = session(people.alice, number=1), session(people.alice, number=2)
    entry(people.alice, title="One", body="river", themes=["water", "<b>stone</b>"])
    session(people.bob, number=7)
    entry(people.bob, body="river", themes=["bobs-theme"])
    client = client_for(people.alice)
    page = search(client, q="river").content.decode()
    anything = r'<option value="([^"]*)"( selected)?>Any (theme|session)</option>'
    assert re.findall(anything, page) == [("", " selected", "theme"), ("", " selected", "session")]
    assert re.findall(r'<option value="([^"]*)">(Session \d+)</option>', page) == [
        (str(first.pk), "Session 1"),
        (str(second.pk), "Session 2"),
    ]
    assert re.search(r'<option value="[^"]+">&lt;b&gt;stone&lt;/b&gt;</option>', page)
    assert '<option value="water">water</option>' in page and "bobs-theme" not in page
    page = search(client, q="river", theme="water", session=second.pk).content.decode()
    chosen = ["water", "", str(second.pk)]  # theme, phase (any), session
    assert re.findall(r'<option value="([^"]*)" selected>', page) == chosen


def test_search_with_bad_dates_explains(people):
    response = search(client_for(people.alice), q="x", start="2026-05-01", end="2026-04-01")
    assert b"start date is after the end date" in response.content


def test_search_ignores_trashed_entries(people):
    entry(people.alice, title="Gone", body="secret word", deleted_at=timezone.now())
    assert b"Nothing found" in search(client_for(people.alice), q="secret").content


def test_search_cannot_use_a_strangers_theme_or_session(people):
    s = session(people.bob)
    response = search(client_for(people.alice), q="x", session=s.pk)
    assert b"Select a valid choice" in response.content


def test_search_and_timeline_need_login_and_get(client, people):
    assert client.get(reverse("journal:search")).status_code == 302
    assert client.get(reverse("journal:timeline")).status_code == 302
    alice = client_for(people.alice)
    assert alice.post(reverse("journal:search")).status_code == 405
    assert alice.post(reverse("journal:timeline")).status_code == 405


def test_search_end_date_and_empty_query_list_with_filters(people):
    entry(people.alice, title="Recent", body="stone")
    entry(people.alice, title="Older", body="stone", days_ago=30, phase="integration")
    client = client_for(people.alice)
    end = (timezone.now() - dt.timedelta(days=10)).date().isoformat()
    content = search(client, q="stone", end=end).content.decode()
    assert "1 entry found" in content and "Older" in content and "Recent" not in content
    content = search(client, phase="integration").content.decode()
    assert "1 entry found" in content and "Older" in content


def test_search_snippet_escapes_markup_around_the_match(people):
    entry(people.alice, body="<img src=x onerror=alert(1)> the river & the <i>sea</i>")
    content = search(client_for(people.alice), q="river").content.decode()
    assert "<img" not in content and "<i>sea" not in content
    assert "river</mark>" in content.lower()


def test_search_query_count_does_not_grow(people):
    from tests.helpers import query_count

    client = client_for(people.alice)
    s = session(people.alice)
    url = reverse("journal:search") + "?q=river"
    for i in range(3):
        entry(people.alice, body=f"river {i}", themes=["a", f"t{i}"], session=s)
    few = query_count(client, url)
    for i in range(30):
        entry(
            people.alice,
            body=f"river more {i}",
            themes=["b", f"u{i}"],
            session=session(people.alice, number=i + 5),
        )
    assert query_count(client, url) == few
    assert "33 entries found" in client.get(url).content.decode()


def test_a_match_in_the_insight_is_shown_and_highlighted(people):
    entry(people.alice, title="Walk", body="We went out early.", insight="The heron stayed.")
    content = search(client_for(people.alice), q="heron").content.decode()
    assert "1 entry found" in content
    assert "The <mark>heron</mark> stayed." in content
