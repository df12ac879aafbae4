"""When an entry happened: the form's field in the writer's time zone, its limits, that an
untouched field keeps its time, and that every list orders by it."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.forms.entries import EntryForm
from journal.models import Entry
from tests.helpers import client_for, make_user
from tests.journal.factories import entry

pytestmark = pytest.mark.django_db
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def writer(db):
    return make_user("writer@example.org", time_zone="America/New_York")


def post_new(client, **data):
    payload = {"phase": "free", "title": "", "body": "Some words", "version": ""}
    payload.update(data)
    return client.post(reverse("journal:entry_create"), payload)


def test_the_form_shows_now_in_the_writers_time_zone(writer):
    before = timezone.localtime(timezone.now(), NEW_YORK).replace(second=0, microsecond=0)
    html = client_for(writer).get(reverse("journal:entry_create")).content.decode()
    after = timezone.localtime(timezone.now(), NEW_YORK).replace(second=0, microsecond=0)
    shown = {f'value="{m:%Y-%m-%dT%H:%M}"' for m in (before, after)}
    assert 'type="datetime-local" name="happened_at"' in html
    assert any(value in html for value in shown)
    # Its hidden initial value, which tells an untouched field from a changed one.
    assert 'name="initial-happened_at"' in html
    assert "When did it happen? <span" not in html  # not marked optional


def test_a_typed_time_is_read_in_the_writers_time_zone(writer):
    response = post_new(client_for(writer), happened_at="2026-03-04T20:30")
    assert response.status_code == 302
    item = Entry.objects.get(owner=writer)
    assert item.happened_at == dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.UTC)
    assert item.created > item.happened_at  # written later: created stays when it was written


def test_more_than_a_day_ahead_is_refused_with_everything_kept(writer):
    ahead = timezone.localtime(timezone.now() + dt.timedelta(days=1, hours=2), NEW_YORK)
    response = post_new(
        client_for(writer),
        happened_at=f"{ahead:%Y-%m-%dT%H:%M}",
        title="Tomorrow's plan",
        body="Words I must not lose",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "That is more than a day ahead" in html
    assert "Words I must not lose" in html and "Tomorrow&#x27;s plan" in html
    assert f'value="{ahead:%Y-%m-%dT%H:%M}"' in html
    assert not Entry.objects.filter(owner=writer).exists()


def test_this_evening_tomorrow_is_allowed(writer):
    soon = timezone.localtime(timezone.now() + dt.timedelta(hours=20), NEW_YORK)
    assert post_new(client_for(writer), happened_at=f"{soon:%Y-%m-%dT%H:%M}").status_code == 302


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Please give the date and time it happened."),
        ("yesterday", "Please give a date and time"),
        ("2026-02-30T10:00", "Please give a date and time"),
        ("1850-01-01T10:00", "it is before 1900"),
    ],
)
def test_bad_dates_get_a_clear_message(writer, value, message):
    response = post_new(client_for(writer), happened_at=value)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Entry.objects.filter(owner=writer).exists()


def test_an_untouched_field_keeps_the_moment_the_form_was_opened(writer):
    opened = timezone.now() - dt.timedelta(minutes=40)
    local = timezone.localtime(opened, NEW_YORK)
    response = post_new(
        client_for(writer),
        happened_at=f"{local:%Y-%m-%dT%H:%M}",
        **{"initial-happened_at": local.replace(tzinfo=None).isoformat(sep=" ")},
    )
    assert response.status_code == 302
    # To the second, not the minute the input shows: two entries begun a few seconds apart
    # keep their order.
    assert Entry.objects.get(owner=writer).happened_at == opened


def test_a_form_sent_without_the_field_happened_when_it_is_saved(writer):
    """An entry kept offline by a page from before the field existed."""
    before = timezone.now()
    assert post_new(client_for(writer)).status_code == 302
    assert Entry.objects.get(owner=writer).happened_at >= before


def test_editing_without_touching_the_date_keeps_it_to_the_second(writer):
    moment = dt.datetime(2026, 3, 4, 12, 34, 56, 789000, tzinfo=dt.UTC)
    item = entry(writer, "Kept", happened_at=moment)
    client = client_for(writer)
    html = client.get(reverse("journal:entry_edit", args=[item.pk])).content.decode()
    assert 'value="2026-03-04T07:34"' in html  # New York (EST), to the minute
    form = EntryForm(instance=item, owner=writer)
    hidden = form["happened_at"].as_hidden(only_initial=True)
    initial = hidden.split('value="')[1].split('"')[0]
    response = client.post(
        reverse("journal:entry_edit", args=[item.pk]),
        {
            "phase": "free",
            "title": "Kept, edited",
            "body": "x",
            "version": item.version,
            "happened_at": "2026-03-04T07:34",
            "initial-happened_at": initial,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Kept, edited" and item.happened_at == moment


def test_editing_the_date_moves_the_entry(writer):
    item = entry(writer, "Moved", happened_at=dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC))
    response = client_for(writer).post(
        reverse("journal:entry_edit", args=[item.pk]),
        {
            "phase": "free",
            "title": "Moved",
            "body": "x",
            "version": item.version,
            "happened_at": "2026-02-01T21:15",
            "initial-happened_at": "2026-03-04 07:00:00",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.happened_at == dt.datetime(2026, 2, 2, 2, 15, tzinfo=dt.UTC)


def test_lists_order_by_when_entries_happened_not_when_written(writer):
    now = timezone.now()
    # Written today about last week, and written last week about then.
    late = entry(writer, "Written late", happened_at=now - dt.timedelta(days=7, hours=1))
    early = entry(writer, "Written then", days_ago=6)
    fresh = entry(writer, "Today")
    assert late.created > early.created
    client = client_for(writer)
    html = client.get(reverse("journal:entry_list")).content.decode()
    order = [html.index(title) for title in ("Today", "Written then", "Written late")]
    assert order == sorted(order)
    assert list(Entry.objects.for_owner(writer)) == [fresh, early, late]


def test_cards_and_the_entry_page_show_the_happened_date(writer):
    moment = dt.datetime(2026, 3, 4, 20, 0, tzinfo=dt.UTC)
    item = entry(writer, "Remembered", happened_at=moment)
    client = client_for(writer)
    listing = client.get(reverse("journal:entry_list")).content.decode()
    assert f'<time datetime="{moment.isoformat()}">Wed, Mar 4, 2026</time>' in listing
    page = client.get(reverse("journal:entry_detail", args=[item.pk])).content.decode()
    assert '<time datetime="2026-03-04T15:00:00-05:00">Mar 4, 2026, 3:00' in page
    assert "· written " in page  # written on another day than it happened
