"""The entry form suggests a phase from when the entry happened and its session; it never
forces one."""

import datetime as dt
import json
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import Entry
from journal.phases import session_boundaries, suggest_phase
from tests.helpers import client_for, make_user
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db
ZONE = zoneinfo.ZoneInfo("America/New_York")
# A session at 10:00 on Wednesday, March 4, 2026, New York time.
START = dt.datetime(2026, 3, 4, 10, 0, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("happened", "phase"),
    [
        (dt.datetime(2026, 3, 3, 20, 0, tzinfo=ZONE), "preparation"),  # the evening before
        (dt.datetime(2026, 3, 4, 9, 59, tzinfo=ZONE), "preparation"),
        (dt.datetime(2026, 3, 4, 10, 0, tzinfo=ZONE), "during"),  # its start
        (dt.datetime(2026, 3, 4, 12, 59, tzinfo=ZONE), "during"),
        (dt.datetime(2026, 3, 4, 13, 0, tzinfo=ZONE), "after"),  # its hours are over
        (dt.datetime(2026, 3, 4, 22, 0, tzinfo=ZONE), "after"),  # that evening
        (dt.datetime(2026, 3, 5, 23, 59, tzinfo=ZONE), "after"),  # the next day
        (dt.datetime(2026, 3, 6, 0, 0, tzinfo=ZONE), "integration"),  # the day after that
        (dt.datetime(2026, 4, 1, 9, 0, tzinfo=ZONE), "integration"),
    ],
)
def test_the_rules(happened, phase):
    assert suggest_phase(happened, START, ZONE) == phase


def test_the_days_are_the_writers_own():
    # 01:00 UTC on March 6 is still March 5 in New York (the day after): "after" there, but
    # already two days on in UTC.
    happened = dt.datetime(2026, 3, 6, 1, 0, tzinfo=dt.UTC)
    assert suggest_phase(happened, START, ZONE) == "after"
    assert suggest_phase(happened, START, dt.UTC) == "integration"


def test_a_late_session_still_has_its_hours_of_during():
    late = dt.datetime(2026, 3, 4, 23, 0, tzinfo=ZONE)
    assert suggest_phase(late + dt.timedelta(hours=2), late, ZONE) == "during"


def test_the_boundaries_the_script_compares_are_local_minutes():
    s = session(make_user("b@example.org"), date=START)
    assert session_boundaries([s], ZONE) == {
        str(s.pk): ["2026-03-04T10:00", "2026-03-04T13:00", "2026-03-06T00:00"]
    }


def phase_selected(html: str) -> str:
    select = html[html.index('name="phase"') :]
    select = select[: select.index("</select>")]
    return select.split(" selected>")[0].rsplit('value="', 1)[1].split('"')[0]


@pytest.fixture
def writer(db):
    return make_user("phase@example.org", time_zone="America/New_York")


def test_write_about_this_session_the_evening_before_suggests_preparation(writer):
    s = session(writer, date=timezone.now() + dt.timedelta(hours=14))
    client = client_for(writer)
    detail = client.get(reverse("journal:session_detail", args=[s.pk])).content.decode()
    link = f"{reverse('journal:entry_create')}?session={s.pk}"
    assert f'href="{link}">Write about this session' in detail  # no phase in the link
    html = client.get(link).content.decode()
    assert phase_selected(html) == "preparation"
    data = json.loads(html.split('id="session-phases" type="application/json">')[1].split("<")[0])
    assert list(data) == [str(s.pk)]


@pytest.mark.parametrize(
    ("hours_ago", "phase"), [(1, "during"), (5, "after"), (24 * 3, "integration")]
)
def test_write_about_this_session_later(writer, hours_ago, phase):
    s = session(writer, date=timezone.now() - dt.timedelta(hours=hours_ago))
    html = client_for(writer).get(f"{reverse('journal:entry_create')}?session={s.pk}")
    assert phase_selected(html.content.decode()) == phase


def test_an_explicit_phase_in_the_link_always_wins(writer):
    s = session(writer, date=timezone.now() + dt.timedelta(hours=14))
    url = f"{reverse('journal:entry_create')}?session={s.pk}&phase=integration"
    html = client_for(writer).get(url).content.decode()
    assert phase_selected(html) == "integration"
    # Nothing for the script to follow: the phase is the link's choice, not a suggestion.
    assert 'id="session-phases"' not in html


def test_without_a_session_the_form_starts_free_and_may_follow_one_picked_later(writer):
    session(writer, date=timezone.now() - dt.timedelta(days=1))
    html = client_for(writer).get(reverse("journal:entry_create")).content.decode()
    assert phase_selected(html) == "free"
    assert 'id="session-phases"' in html


def test_editing_and_a_form_sent_back_never_suggest(writer):
    s = session(writer, date=timezone.now() + dt.timedelta(hours=14))
    item = entry(writer, "Mine", session=s, phase="integration")
    client = client_for(writer)
    html = client.get(reverse("journal:entry_edit", args=[item.pk])).content.decode()
    assert phase_selected(html) == "integration" and 'id="session-phases"' not in html
    sent = client.post(
        reverse("journal:entry_create"),
        {"phase": "during", "session": s.pk, "title": "", "body": "", "happened_at": "x"},
    ).content.decode()
    assert phase_selected(sent) == "during" and 'id="session-phases"' not in sent


def test_the_persons_choice_is_saved_whatever_the_suggestion(writer):
    s = session(writer, date=timezone.now() + dt.timedelta(hours=14))
    now = timezone.localtime(timezone.now(), ZONE)
    response = client_for(writer).post(
        reverse("journal:entry_create"),
        {
            "phase": "integration",
            "session": s.pk,
            "body": "Mine",
            "happened_at": f"{now:%Y-%m-%dT%H:%M}",
        },
    )
    assert response.status_code == 302
    assert Entry.objects.get(owner=writer).phase == "integration"
