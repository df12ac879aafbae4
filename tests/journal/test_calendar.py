"""The calendar (a month, a day) and "on this day" on the home page."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journal import days
from journal.models import Entry, TreatmentSession
from tests.helpers import client_for, make_user, query_count
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db

MONTH = reverse("journal:calendar")


def day_url(day: dt.date) -> str:
    return reverse("journal:calendar_day", args=[day.isoformat()])


def dated(owner, title, moment, **extra):
    item = entry(owner, title, **extra)
    Entry.objects.filter(pk=item.pk).update(happened_at=moment)
    return item


def test_the_month_is_a_table_with_today_sessions_and_counts(people):
    today = timezone.localdate()
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    dated(people.alice, "One", noon)
    dated(people.alice, "Two", noon)
    s = session(people.alice, number=7, days_ago=0)
    TreatmentSession.objects.filter(pk=s.pk).update(date=noon)
    response = client_for(people.alice).get(MONTH)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<caption>{today:%B %Y}: 2 entries</caption>" in html
    monday = '<span aria-hidden="true">Mon</span><span class="visually-hidden">Monday</span>'
    assert f'<th scope="col">{monday}</th>' in html
    cell = html.split(f'href="{day_url(today)}"')[1].split("</a>")[0]
    assert 'aria-current="date"' in cell and "Today" in cell
    assert ", session 7" in cell and ">S7<" in cell
    assert ", 2 entries" in cell
    assert cell.count('class="cal__dot"') == 2
    # every day of the month is a link, in order
    links = [f'href="{day_url(today.replace(day=d))}"' for d in (1, 2, 3)]
    assert html.index(links[0]) < html.index(links[1]) < html.index(links[2])


def test_days_are_counted_in_the_persons_zone():
    writer = make_user("auckland@example.org", time_zone="Pacific/Auckland")
    # 20:00 UTC on Nov 13 is already Nov 14 in Auckland.
    dated(writer, "Late", dt.datetime(2026, 11, 13, 20, 0, tzinfo=dt.UTC))
    client = client_for(writer)
    html = client.get(MONTH, {"month": "2026-11"}).content.decode()
    cell = html.split(f'href="{day_url(dt.date(2026, 11, 14))}"')[1].split("</a>")[0]
    assert ", 1 entry" in cell
    day = client.get(day_url(dt.date(2026, 11, 14))).content.decode()
    assert "Late" in day
    assert "Late" not in client.get(day_url(dt.date(2026, 11, 13))).content.decode()


def test_previous_and_next_month_links(people):
    html = client_for(people.alice).get(MONTH, {"month": "2026-01"}).content.decode()
    assert f'href="{MONTH}?month=2025-12"' in html and "December 2025" in html
    assert f'href="{MONTH}?month=2026-02"' in html and "February 2026" in html
    assert f'href="{MONTH}">This month</a>' in html


@pytest.mark.parametrize("bad", ["2026-13", "nope", "2026-1", "0000-01", "9999-01", "2026-11-01"])
def test_an_unreadable_month_falls_back_to_this_month_with_a_note(people, bad):
    response = client_for(people.alice).get(MONTH, {"month": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert "That month could not be read, so here is this month." in html
    assert f"<caption>{timezone.localdate():%B %Y}:" in html


@pytest.mark.parametrize("bad", ["2026-02-30", "yesterday", "1800-01-01", "2026-1-1"])
def test_an_unreadable_day_is_404(people, bad):
    response = client_for(people.alice).get(reverse("journal:calendar_day", args=[bad]))
    assert response.status_code == 404


def test_a_stranger_sees_nothing_of_anyone_elses(people):
    today = timezone.localdate()
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    dated(people.alice, "Alice's secret", noon)
    s = session(people.alice, number=3, days_ago=0)
    TreatmentSession.objects.filter(pk=s.pk).update(date=noon)
    bob = client_for(people.bob)
    month = bob.get(MONTH).content.decode()
    assert ": no entries</caption>" in month
    assert "session 3" not in month
    day = bob.get(day_url(today)).content.decode()
    assert "Alice's secret" not in day and "Session 3" not in day
    assert "Nothing written about this day." in day


def test_the_calendar_requires_login_and_get(client, people):
    for url in (MONTH, day_url(dt.date(2026, 11, 14))):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert client_for(people.alice).post(url).status_code == 405


def test_the_day_lists_its_entries_with_the_card_and_its_sessions(people):
    day = dt.date(2026, 3, 4)
    morning = timezone.make_aware(dt.datetime(2026, 3, 4, 8, 0))
    evening = timezone.make_aware(dt.datetime(2026, 3, 4, 21, 0))
    dated(people.alice, "Evening", evening, themes=["tide"])
    dated(people.alice, "Morning", morning)
    dated(people.alice, "Next day", evening + dt.timedelta(hours=4))
    s = session(people.alice, number=2)
    TreatmentSession.objects.filter(pk=s.pk).update(date=morning)
    html = client_for(people.alice).get(day_url(day)).content.decode()
    assert html.count('<li class="card entry-card">') == 2
    assert html.index("Morning") < html.index("Evening")
    assert "Next day" not in html
    assert reverse("journal:session_detail", args=[s.pk]) in html
    assert 'class="tag"' in html  # the card's theme tags
    assert f"{reverse('journal:entry_create')}?day=2026-03-04" in html


def test_write_about_this_day_dates_the_new_entry_to_it(people):
    client = client_for(people.alice)
    form = client.get(reverse("journal:entry_create"), {"day": "2026-03-04"}).context["form"]
    assert form["happened_at"].value().date() == dt.date(2026, 3, 4)
    ahead = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    form = client.get(reverse("journal:entry_create"), {"day": ahead}).context["form"]
    assert form["happened_at"].value().date() == timezone.localdate()


def test_the_journal_menu_links_the_calendar(people):
    html = client_for(people.alice).get(reverse("journal:entry_list")).content.decode()
    assert f'<a href="{MONTH}">Calendar</a>' in html


def fill_month(owner, count, first: dt.date):
    start = timezone.make_aware(dt.datetime.combine(first, dt.time(9)))
    Entry.objects.bulk_create(
        Entry(owner=owner, title=f"e{i}", happened_at=start + dt.timedelta(hours=i * 7))
        for i in range(count)
    )
    TreatmentSession.objects.bulk_create(
        TreatmentSession(owner=owner, number=100 + i + count, date=start + dt.timedelta(days=i))
        for i in range(count // 10)
    )


def test_calendar_query_counts_are_flat_as_entries_grow(people):
    first = dt.date(2026, 11, 1)
    client = client_for(people.alice)
    url = f"{MONTH}?month=2026-11"
    day = day_url(dt.date(2026, 11, 2))
    fill_month(people.alice, 10, first)
    few, few_day = query_count(client, url), query_count(client, day)
    fill_month(people.alice, 80, first)
    assert query_count(client, url) == few
    assert query_count(client, day) == few_day


# On this day


def test_on_this_day_shows_earlier_months_and_years(people):
    today = timezone.localdate()
    if today.day > 28:
        pytest.skip("the months before may lack this day; covered by the unit test below")
    noon = dt.time(12)

    def at(day):
        return timezone.make_aware(dt.datetime.combine(day, noon))

    month_ago = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=today.day)
    dated(people.alice, "A month back", at(month_ago))
    dated(people.alice, "A year back", at(today.replace(year=today.year - 1)))
    dated(people.alice, "Two years back", at(today.replace(year=today.year - 2)))
    dated(people.alice, "Not the same date", at(today - dt.timedelta(days=3)))
    html = client_for(people.alice).get(reverse("home")).content.decode()
    assert "On this day" in html
    part = html.split("On this day")[1]
    assert "A month ago" in part and "A year ago" in part and "2 years ago" in part
    assert part.index("A month back") < part.index("A year back") < part.index("Two years back")
    assert "Not the same date" not in part


def test_on_this_day_is_absent_when_there_is_nothing(people):
    entry(people.alice, "Today only")
    html = client_for(people.alice).get(reverse("home")).content.decode()
    assert "On this day" not in html


def test_on_this_day_is_one_query_and_at_most_a_few():
    writer = make_user("memories@example.org", time_zone="America/Los_Angeles")
    today = dt.date(2026, 11, 14)
    zone = zoneinfo.ZoneInfo("America/Los_Angeles")
    for years in range(1, 9):
        moment = dt.datetime(2026 - years, 11, 14, 23, 30, tzinfo=zone)  # late, local
        Entry.objects.create(owner=writer, title=f"{years}", happened_at=moment)
    Entry.objects.create(
        owner=writer, title="next day", happened_at=dt.datetime(2025, 11, 15, 0, 30, tzinfo=zone)
    )
    with timezone.override(zone), CaptureQueriesContext(connection) as ctx:
        memories = days.on_this_day(writer, today=today)
    assert len(ctx.captured_queries) == 1
    assert [m.entry.title for m in memories] == ["1", "2", "3", "4"]
    assert [m.ago for m in memories] == ["A year ago", "2 years ago", "3 years ago", "4 years ago"]


def test_on_this_day_skips_days_a_month_lacks():
    candidates = {label: day for day, label in days._same_day_earlier(dt.date(2026, 3, 31))}
    assert "A month ago" not in candidates  # there is no Feb 31
    assert candidates["2 months ago"] == dt.date(2026, 1, 31)
    leap = [day for day, _ in days._same_day_earlier(dt.date(2028, 2, 29))]
    assert dt.date(2024, 2, 29) in leap and all(d.day == 29 for d in leap)


def test_home_query_count_is_flat_with_on_this_day(people):
    today = timezone.localdate()
    client = client_for(people.alice)

    def add(n):
        for years in range(1, n + 1):
            moment = timezone.make_aware(
                dt.datetime.combine(
                    today.replace(year=today.year - years, day=min(today.day, 28)), dt.time(12)
                )
            )
            Entry.objects.create(owner=people.alice, title=f"y{years}-{n}", happened_at=moment)

    add(2)
    few = query_count(client, reverse("home"))
    add(8)
    assert query_count(client, reverse("home")) == few
