import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from practices.models import CheckIn, Practice, PracticeChoice, PracticeLog
from tests.helpers import client_for, query_count

pytestmark = pytest.mark.django_db


def catalogue(key):
    return Practice.objects.get(owner__isnull=True, key=key)


def test_catalogue_is_seeded_from_the_clinic_list():
    keys = set(Practice.objects.filter(owner__isnull=True).values_list("key", flat=True))
    assert {"meditation", "nature", "music", "art", "pet", "volunteering", "spiritual"} <= keys


def test_check_in_creates_then_edits_the_same_day(people):
    client = client_for(people.alice)
    meditation = catalogue("meditation")
    url = reverse("practices:check_in")
    assert client.get(url).status_code == 200
    data = {
        "mood": 6,
        "sleep_hours": "7.5",
        "note": "ok 🌿",
        f"done_{meditation.pk}": "on",
        f"minutes_{meditation.pk}": 15,
    }
    assert client.post(url, data).status_code == 302
    client.post(url, {**data, "mood": 8, f"minutes_{meditation.pk}": 20})
    check_in = CheckIn.objects.get(owner=people.alice)
    assert (check_in.mood, check_in.date) == (8, timezone.localdate())
    assert list(check_in.logs.values_list("minutes", flat=True)) == [20]
    client.post(url, {"mood": 8})
    assert not check_in.logs.exists()  # unticking removes the practice


def test_unticking_a_practice_removes_it_even_with_its_minutes_still_filled_in(people):
    client = client_for(people.alice)
    meditation, nature = catalogue("meditation"), catalogue("nature")
    url = reverse("practices:check_in")
    nature_done = {f"done_{nature.pk}": "on", f"minutes_{nature.pk}": 40}
    client.post(url, {f"done_{meditation.pk}": "on", f"minutes_{meditation.pk}": 15, **nature_done})
    page = client.get(url).content.decode()
    assert f'name="minutes_{meditation.pk}" value="15"' in page
    # The browser still sends the minutes of the practice the person unticked.
    response = client.post(url, {f"minutes_{meditation.pk}": 15, **nature_done})
    assert response.status_code == 302
    logs = PracticeLog.objects.filter(check_in__owner=people.alice)
    assert list(logs.values_list("practice__key", "minutes")) == [("nature", 40)]


def test_minutes_without_a_tick_count_as_done_for_a_practice_not_yet_logged(people):
    client = client_for(people.alice)
    art = catalogue("art")
    response = client.post(reverse("practices:check_in"), {f"minutes_{art.pk}": 25})
    assert response.status_code == 302
    log = PracticeLog.objects.get(check_in__owner=people.alice)
    assert (log.practice, log.minutes) == (art, 25)


def test_backfilling_a_past_day_and_refusing_the_future(people):
    client = client_for(people.alice)
    past = timezone.localdate() - dt.timedelta(days=3)
    client.post(f"{reverse('practices:check_in')}?date={past}", {"mood": 4})
    assert CheckIn.objects.get(owner=people.alice).date == past
    future = timezone.localdate() + dt.timedelta(days=1)
    response = client.get(f"{reverse('practices:check_in')}?date={future}", follow=True)
    assert b"haven" in response.content and b"happened yet" in response.content
    assert (
        client.get(f"{reverse('practices:check_in')}?date=nonsense", follow=True).status_code == 200
    )
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"mood": 11},
        {"mood": -1},
        {"sleep_hours": "25"},
        {"sleep_hours": "-1"},
        {"note": "a\x00b"},
        {"note": "x" * 2001},
        {"mood": "99999999999999999999"},
    ],
)
def test_bad_values_show_errors_not_500(people, data):
    response = client_for(people.alice).post(reverse("practices:check_in"), data)
    assert response.status_code == 200
    assert b"errors" in response.content
    assert not CheckIn.objects.exists()


def test_negative_or_huge_minutes_are_refused(people):
    meditation = catalogue("meditation")
    for minutes in (-5, 2000):
        response = client_for(people.alice).post(
            reverse("practices:check_in"),
            {f"done_{meditation.pk}": "on", f"minutes_{meditation.pk}": minutes},
        )
        assert response.status_code == 200
    assert not PracticeLog.objects.exists()


def test_choose_practices_and_add_your_own(people):
    client = client_for(people.alice)
    nature = catalogue("nature")
    client.post(
        reverse("practices:choose"), {"chosen": [nature.pk], "new_practice": "Call my brother"}
    )
    chosen = PracticeChoice.objects.filter(owner=people.alice)
    assert set(chosen.values_list("practice__name", flat=True)) == {
        "Time in nature",
        "Call my brother",
    }
    page = client.get(reverse("practices:check_in")).content.decode()
    # Once some are chosen, they come first; the rest wait behind "More practices".
    first, _, more = page.partition("<summary>More practices</summary>")
    assert "Call my brother" in first and "Time in nature" in first
    assert "Art" not in first and "Art" in more
    assert (
        b"Call my brother" not in client_for(people.bob).get(reverse("practices:check_in")).content
    )


def test_duplicate_custom_practice_is_refused(people):
    response = client_for(people.alice).post(reverse("practices:choose"), {"new_practice": "music"})
    assert b"already in the list" in response.content


def test_counts_over_7_30_90_days(people):
    today = timezone.localdate()
    nature = catalogue("nature")
    for days_ago in (1, 10, 40, 100):
        check_in = CheckIn.objects.create(
            owner=people.alice, date=today - dt.timedelta(days=days_ago)
        )
        PracticeLog.objects.create(check_in=check_in, practice=nature)
    from practices.views import practice_counts

    rows = practice_counts(people.alice, today=today)
    assert rows == [{"practice__name": "Time in nature", "d7": 1, "d30": 2, "d90": 3}]


def test_overview_shows_heat_map_charts_and_no_strangers_data(people):
    today = timezone.localdate()
    check_in = CheckIn.objects.create(owner=people.alice, date=today, mood=7, sleep_hours=8)
    PracticeLog.objects.create(check_in=check_in, practice=catalogue("art"))
    CheckIn.objects.create(owner=people.bob, date=today, mood=1)
    content = client_for(people.alice).get(reverse("practices:overview")).content.decode()
    assert "1 day with at least one practice" in content
    # Dates read as elsewhere in the app ("Mar 4"), not day/month.
    monday = today - dt.timedelta(days=today.weekday())
    assert f'<span class="visually-hidden">Week of </span>{monday:%b} {monday.day}</th>' in content
    assert f"{today:%a}, {today:%b} {today.day}, {today.year}: 1 practice<" in content
    assert f">{monday.day}/{monday.month}<" not in content
    assert "Mood over the last 90 days as a table" in content
    assert ">7</td>" in content
    assert ">1</td>" not in content.split("Mood over")[1].split("</table>")[0]


def test_timer_logs_meditation_minutes_into_today(people):
    client = client_for(people.alice)
    assert client.get(reverse("practices:timer")).status_code == 200
    client.post(reverse("practices:timer_log"), {"minutes": 10})
    client.post(reverse("practices:timer_log"), {"minutes": 5})
    log = PracticeLog.objects.get(check_in__owner=people.alice)
    assert (log.practice.key, log.minutes) == ("meditation", 15)
    response = client.post(reverse("practices:timer_log"), {"minutes": 1}, follow=True)
    assert b"1 minute of meditation added" in response.content
    response = client.post(reverse("practices:timer_log"), {"minutes": 0}, follow=True)
    assert b"could not be logged" in response.content


def test_login_and_methods(client, people):
    for name in ("overview", "check_in", "choose", "timer"):
        assert client.get(reverse(f"practices:{name}")).status_code == 302
    alice = client_for(people.alice)
    assert alice.post(reverse("practices:overview")).status_code == 405
    assert alice.get(reverse("practices:timer_log")).status_code == 405
    assert alice.put(reverse("practices:check_in")).status_code == 405


def test_overview_query_count_is_constant(people):
    client = client_for(people.alice)
    url = reverse("practices:overview")
    few = query_count(client, url)
    today = timezone.localdate()
    for days_ago in range(60):
        day = today - dt.timedelta(days=days_ago)
        check_in = CheckIn.objects.create(owner=people.alice, date=day, mood=5, sleep_hours=7)
        PracticeLog.objects.create(check_in=check_in, practice=catalogue("nature"))
    assert query_count(client, url) == few


def test_more_practices_can_be_ticked_and_open_when_in_use(people):
    client = client_for(people.alice)
    nature, art = catalogue("nature"), catalogue("art")
    PracticeChoice.objects.create(owner=people.alice, practice=nature)
    url = reverse("practices:check_in")
    # Nothing in "More practices" is in use yet: it stays folded.
    assert '<details class="more-practices">' in client.get(url).content.decode()
    # Minutes refused in a folded practice: it opens, so the message is seen.
    response = client.post(url, {f"done_{art.pk}": "on", f"minutes_{art.pk}": "-3"})
    assert '<details class="more-practices" open>' in response.content.decode()
    # A practice ticked from the folded list is saved like any other...
    assert client.post(url, {f"done_{art.pk}": "on", f"minutes_{art.pk}": "15"}).status_code == 302
    log = PracticeLog.objects.get(check_in__owner=people.alice)
    assert (log.practice, log.minutes) == (art, 15)
    # ...and once logged for the day, it is listed first, beside the chosen ones.
    page = client.get(url).content.decode()
    first, _, more = page.partition("<summary>More practices</summary>")
    assert nature.name in first and art.name in first and art.name not in more


def test_without_chosen_practices_every_practice_is_listed_unfolded(people):
    page = client_for(people.alice).get(reverse("practices:check_in")).content.decode()
    assert "More practices" not in page
    assert catalogue("art").name in page and catalogue("nature").name in page


def test_mood_chart_marks_the_sessions_of_the_last_90_days_where_the_person_lives(people):
    """The window opens at midnight of its first day in the person's time zone: a session half
    an hour after it is marked, one half an hour before it is not."""
    from zoneinfo import ZoneInfo

    from journal.models import TreatmentSession
    from practices.stats import TREND_DAYS

    zone = ZoneInfo("Pacific/Auckland")
    people.alice.time_zone = "Pacific/Auckland"
    people.alice.save(update_fields=["time_zone"])
    today = dt.datetime.now(zone).date()
    first = dt.datetime.combine(today - dt.timedelta(days=TREND_DAYS), dt.time.min, zone)
    CheckIn.objects.create(owner=people.alice, date=today, mood=6, sleep_hours=7)
    for number, moment in (
        (1, first - dt.timedelta(minutes=30)),
        (2, first + dt.timedelta(minutes=30)),
    ):
        TreatmentSession.objects.create(owner=people.alice, number=number, date=moment)
    content = client_for(people.alice).get(reverse("practices:overview")).content.decode()
    # Each chart (mood, sleep) lists what it marks under it.
    assert content.count(": Session 2</li>") == 2
    assert ": Session 1</li>" not in content
