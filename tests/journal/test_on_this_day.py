"""'On this day' on the patient's home: entries from the same date in earlier months and years."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.calendar import ON_THIS_DAY_LIMIT, on_this_day
from tests.helpers import client_for, make_user, query_count
from tests.journal.factories import entry

pytestmark = pytest.mark.django_db
ZONE = zoneinfo.ZoneInfo("America/New_York")
TODAY = dt.date(2026, 3, 31)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZONE)


@pytest.fixture
def writer(db):
    return make_user("otd@example.org", time_zone="America/New_York")


def test_same_date_in_earlier_months_and_years_nearest_first(writer):
    entry(writer, "A month ago", happened_at=at(dt.date(2025, 12, 31)))  # 3 months
    entry(writer, "A year ago", happened_at=at(dt.date(2025, 3, 31), hour=23))
    entry(writer, "Two years", happened_at=at(dt.date(2024, 3, 31), hour=0))
    entry(writer, "Not today", happened_at=at(dt.date(2026, 1, 30)))
    entry(writer, "Today itself", happened_at=at(TODAY))
    # March 31 back one month is February 31, which does not exist: nothing, no error.
    memories = on_this_day(writer, today=TODAY, zone=ZONE)
    assert [(m.entry.title, m.ago) for m in memories] == [
        ("A month ago", "3 months ago"),
        ("A year ago", "1 year ago"),
        ("Two years", "2 years ago"),
    ]


def test_days_are_the_writers_own(writer):
    # 03:00 UTC on March 1 is still February 28 in New York.
    entry(writer, "Late evening", happened_at=dt.datetime(2026, 3, 1, 3, 0, tzinfo=dt.UTC))
    memories = on_this_day(writer, today=dt.date(2026, 3, 28), zone=ZONE)
    assert [(m.entry.title, m.ago) for m in memories] == [("Late evening", "1 month ago")]
    assert on_this_day(writer, today=dt.date(2026, 4, 1), zone=ZONE) == []


def test_trash_and_other_people_are_left_out(people, writer):
    gone = entry(writer, "Gone", happened_at=at(dt.date(2026, 2, 28)))
    type(gone).objects.filter(pk=gone.pk).update(deleted_at=at(TODAY))
    entry(people.bob, "Bob's", happened_at=at(dt.date(2026, 2, 28)))
    assert on_this_day(writer, today=dt.date(2026, 3, 28), zone=ZONE) == []


def test_it_is_bounded(writer):
    for months in range(1, 12):
        day = dt.date(2026 - (months > 2), (3 - months - 1) % 12 + 1, 15)
        entry(writer, f"m{months}", happened_at=at(day))
    assert len(on_this_day(writer, today=dt.date(2026, 3, 15), zone=ZONE)) == ON_THIS_DAY_LIMIT


def test_the_home_shows_it_only_when_there_is_something(writer):
    client = client_for(writer)
    assert b"On this day" not in client.get(reverse("home")).content
    today = timezone.localtime(timezone.now(), ZONE).date()
    year_ago = today.replace(year=today.year - 1) if (today.month, today.day) != (2, 29) else None
    if year_ago is None:
        pytest.skip("no February 29 last year")
    entry(writer, "Last year's", happened_at=at(year_ago))
    html = client.get(reverse("home")).content.decode()
    assert "On this day" in html and "Last year&#x27;s" in html and "1 year ago" in html


def test_the_home_query_count_does_not_grow(writer):
    client = client_for(writer)
    today = timezone.localtime(timezone.now(), ZONE).date()
    last_year = today - dt.timedelta(days=365)
    entry(writer, "one", happened_at=at(last_year))
    few = query_count(client, reverse("home"))
    for i in range(30):
        entry(writer, f"more {i}", happened_at=at(last_year - dt.timedelta(days=i)))
    assert query_count(client, reverse("home")) == few
