"""The calendar: a month of one's own entries (counted per day in one's own time zone) and
sessions, and the entries of a day."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import client_for, make_user, query_count
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db
MARCH = reverse("journal:calendar_month", args=[2026, 3])


def day_url(y, m, d):
    return reverse("journal:calendar_day", args=[y, m, d])


@pytest.fixture
def writer(db):
    return make_user("cal@example.org", time_zone="Pacific/Auckland")


def test_it_works_and_is_linked_from_the_journal_nav(writer):
    client = client_for(writer)
    html = client.get(reverse("journal:calendar")).content.decode()
    today = timezone.localtime(timezone.now(), zoneinfo.ZoneInfo("Pacific/Auckland")).date()
    assert f"<caption>{today:%B %Y}</caption>" in html
    assert 'aria-current="date"' in html and ">Today<" in html
    for page in ("journal:entry_list", "journal:timeline", "journal:session_list"):
        nav = client.get(reverse(page)).content.decode()
        assert f'href="{reverse("journal:calendar")}">Calendar</a>' in nav


def test_days_are_counted_in_the_writers_time_zone(writer):
    # 11:30 UTC on March 3 is 00:30 on March 4 in Auckland (NZDT, +13).
    entry(writer, "Past midnight", happened_at=dt.datetime(2026, 3, 3, 11, 30, tzinfo=dt.UTC))
    entry(writer, "Same day", happened_at=dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC))
    entry(writer, "Day before", happened_at=dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.UTC))
    # Written in March about February: counted in February only.
    entry(writer, "Earlier", happened_at=dt.datetime(2026, 2, 10, 0, 0, tzinfo=dt.UTC))
    html = client_for(writer).get(MARCH).content.decode()
    assert "<caption>March 2026</caption>" in html
    four = re.search(rf'href="{day_url(2026, 3, 4)}">.*?</a>', html).group(0)
    assert "Mar 4: </span>2<span" in four
    three = re.search(rf'href="{day_url(2026, 3, 3)}">.*?</a>', html).group(0)
    assert "Mar 3: </span>1<span" in three
    assert day_url(2026, 3, 5) not in html  # no entries, no link
    assert "3 entries and 0 sessions this month" in html
    day = client_for(writer).get(day_url(2026, 3, 4)).content.decode()
    assert "Past midnight" in day and "Same day" in day and "Day before" not in day


def test_sessions_are_marked_and_linked(writer):
    s = session(writer, number=7, date=dt.datetime(2026, 3, 10, 22, 0, tzinfo=dt.UTC))
    html = client_for(writer).get(MARCH).content.decode()
    # 22:00 UTC on the 10th is the 11th in Auckland.
    cell = html[html.index(">11</span>") : html.index(">12</span>")]
    assert f'href="{reverse("journal:session_detail", args=[s.pk])}"' in cell
    assert "Session 7" in cell
    day = client_for(writer).get(day_url(2026, 3, 11)).content.decode()
    assert "Session 7" in day


def test_it_is_a_real_table_with_month_links(writer):
    html = client_for(writer).get(MARCH).content.decode()
    assert html.count('<th scope="col">') == 7
    assert '<abbr title="Sunday">Sun</abbr>' in html
    assert f'href="{reverse("journal:calendar_month", args=[2026, 2])}" rel="prev"' in html
    assert f'href="{reverse("journal:calendar_month", args=[2026, 4])}" rel="next"' in html
    assert "February 2026" in html and "April 2026" in html
    # March 2026 starts on a Sunday and has 31 days: five weeks.
    assert html.count("<tr>") == 6
    january = client_for(writer).get(reverse("journal:calendar_month", args=[2027, 1]))
    assert reverse("journal:calendar_month", args=[2026, 12]) in january.content.decode()


def test_only_the_owners_entries_and_sessions(people, writer):
    entry(people.bob, "Bob's", happened_at=dt.datetime(2026, 3, 4, 1, 0, tzinfo=dt.UTC))
    session(people.bob, date=dt.datetime(2026, 3, 4, 1, 0, tzinfo=dt.UTC))
    client = client_for(writer)
    html = client.get(MARCH).content.decode()
    assert day_url(2026, 3, 4) not in html and "Session 1" not in html
    day = client.get(day_url(2026, 3, 4)).content.decode()
    assert "Bob&#x27;s" not in day and "No entries happened on this day" in day


def test_trashed_entries_are_left_out(writer):
    item = entry(writer, "Gone", happened_at=dt.datetime(2026, 3, 4, 1, 0, tzinfo=dt.UTC))
    type(item).objects.filter(pk=item.pk).update(deleted_at=timezone.now())
    client = client_for(writer)
    assert day_url(2026, 3, 4) not in client.get(MARCH).content.decode()
    assert "Gone" not in client.get(day_url(2026, 3, 4)).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/journal/calendar/2026/13/",
        "/journal/calendar/2026/0/",
        "/journal/calendar/1899/12/",
        "/journal/calendar/99999/1/",
        "/journal/calendar/2026/2/30/",
        "/journal/calendar/2026/3/0/",
    ],
)
def test_no_such_month_or_day_is_a_404(writer, url):
    assert client_for(writer).get(url).status_code == 404


@pytest.mark.parametrize("name", ["calendar", "calendar_month", "calendar_day"])
def test_it_requires_login_and_rejects_post(client, writer, name):
    args = {"calendar": [], "calendar_month": [2026, 3], "calendar_day": [2026, 3, 4]}[name]
    url = reverse(f"journal:{name}", args=args)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url
    assert client_for(writer).post(url).status_code == 405


def test_query_count_does_not_grow_with_entries(writer):
    client = client_for(writer)
    start = dt.datetime(2026, 3, 1, 0, 0, tzinfo=dt.UTC)
    for i in range(3):
        entry(writer, f"e{i}", happened_at=start + dt.timedelta(days=i))
    session(writer, number=1, date=start + dt.timedelta(days=2))
    few = query_count(client, MARCH)
    for i in range(60):
        entry(writer, f"more {i}", happened_at=start + dt.timedelta(hours=11 * i))
    for n in range(2, 8):
        session(writer, number=n, date=start + dt.timedelta(days=3 * n))
    assert query_count(client, MARCH) == few
    assert few <= 8


def _attach(item, kind, n):
    from journal.models import Attachment

    for _ in range(n):
        Attachment.objects.create(
            entry=item, owner=item.owner, kind=kind, file="x", content_type="image/png"
        )


def test_a_days_cards_say_how_many_photos_and_voice_notes(writer):
    start = dt.datetime(2026, 3, 4, 0, 0, tzinfo=dt.UTC)
    both = entry(writer, "Both", happened_at=start)
    _attach(both, "photo", 2)
    _attach(both, "audio", 1)
    _attach(entry(writer, "Voice only", happened_at=start + dt.timedelta(hours=1)), "audio", 1)
    entry(writer, "Words only", happened_at=start + dt.timedelta(hours=2))
    html = client_for(writer).get(day_url(2026, 3, 4)).content.decode()
    cards = re.findall(r'<li class="card entry-card">.*?</li>\n', html, re.S)
    by_title = {re.search(r">([^<]+)</a></h2>", c).group(1): c for c in cards}
    assert "2 photos · 1 voice note<" in by_title["Both"]
    assert ">1 voice note<" in by_title["Voice only"] and "photo" not in by_title["Voice only"]
    assert "entry-card__media" not in by_title["Words only"]
    spanish = client_for(writer)
    writer.language = "es"
    writer.save()
    assert "2 fotos · 1 nota de voz<" in spanish.get(day_url(2026, 3, 4)).content.decode()


def test_a_days_query_count_does_not_grow_with_photos_and_voice_notes(writer):
    client = client_for(writer)
    start = dt.datetime(2026, 3, 4, 0, 0, tzinfo=dt.UTC)
    _attach(entry(writer, "first", happened_at=start), "photo", 1)
    few = query_count(client, day_url(2026, 3, 4))
    for i in range(15):
        item = entry(writer, f"more {i}", happened_at=start + dt.timedelta(minutes=i + 1))
        _attach(item, "photo", 2)
        _attach(item, "audio", 1)
    assert query_count(client, day_url(2026, 3, 4)) == few


def test_a_full_day_pages_through_its_entries_once_each_without_counting_them(writer):
    from html import unescape

    from journal.views.common import PAGE_SIZE

    client = client_for(writer)
    # Noon of March 4 in Auckland, then one entry a minute; and one on each neighbouring day.
    noon = dt.datetime(2026, 3, 4, 12, 0, tzinfo=zoneinfo.ZoneInfo("Pacific/Auckland"))
    for i in range(PAGE_SIZE + 5):
        entry(writer, f"minute {i:02}", happened_at=noon + dt.timedelta(minutes=i))
    entry(writer, "the day before", happened_at=noon - dt.timedelta(days=1))
    entry(writer, "the day after", happened_at=noon + dt.timedelta(days=1))
    url = day_url(2026, 3, 4)
    first = client.get(url).content.decode()
    older = re.search(r'<a href="([^"]+)" rel="next">Older</a>', first)
    second = client.get(url + unescape(older.group(1))).content.decode()
    titles = re.findall(r'entry-card__title"><a href="[^"]+">([^<]+)</a>', first + second)
    assert titles == [f"minute {i:02}" for i in reversed(range(PAGE_SIZE + 5))]
    assert 'rel="next">Older' not in second and "Newest" in second
    assert query_count(client, url) == query_count(client, url + unescape(older.group(1)))
