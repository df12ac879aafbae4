"""Entries dated when they happened: the field, its validation in the writer's zone, the data
migration, the order of the lists, export and import, and the phase suggested from the time."""

import datetime as dt
import json
import zoneinfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from journal import dating
from journal.models import ENTRY_LIST_ORDER, Entry
from mydata.export import FORMAT_VERSION, build_export_data, build_export_zip
from tests.helpers import client_for, make_user
from tests.journal.factories import entry, session
from tests.mydata.test_import import import_archive

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def post_entry(client, **fields):
    data = {"phase": "free", "title": "Last night", "body": "It was loud.", **fields}
    return client.post(reverse("journal:entry_create"), data)


def test_a_new_entry_is_dated_now_by_default(people):
    before = timezone.now() - dt.timedelta(seconds=1)
    response = post_entry(client_for(people.alice))
    assert response.status_code == 302
    saved = Entry.objects.get(owner=people.alice)
    assert before <= saved.happened_at <= timezone.now()


def test_the_date_is_read_in_the_writers_time_zone():
    writer = make_user("berlin@example.org", time_zone="Europe/Berlin")
    response = post_entry(client_for(writer), happened_at="2026-11-14T21:30")
    assert response.status_code == 302
    saved = Entry.objects.get(owner=writer)
    assert saved.happened_at == dt.datetime(2026, 11, 14, 21, 30, tzinfo=BERLIN)
    assert saved.happened_at == dt.datetime(2026, 11, 14, 20, 30, tzinfo=dt.UTC)
    # and shown back in it, as the form's own value
    page = client_for(writer).get(reverse("journal:entry_edit", args=[saved.pk]))
    assert 'value="2026-11-14T21:30"' in page.content.decode()


def test_more_than_a_day_ahead_is_refused_with_the_writing_kept(people):
    ahead = timezone.localtime() + dt.timedelta(days=2)
    response = post_entry(
        client_for(people.alice), happened_at=ahead.strftime("%Y-%m-%dT%H:%M"), body="Keep me."
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "That is more than a day ahead" in html
    assert "Keep me." in html
    assert not Entry.objects.filter(owner=people.alice).exists()


def test_later_today_or_tonight_is_fine(people):
    soon = timezone.localtime() + dt.timedelta(hours=20)
    response = post_entry(client_for(people.alice), happened_at=soon.strftime("%Y-%m-%dT%H:%M"))
    assert response.status_code == 302


def test_an_unreadable_date_is_a_form_message_not_an_error(people):
    response = post_entry(client_for(people.alice), happened_at="yesterday-ish")
    assert response.status_code == 200
    assert "Enter a valid date/time." in response.content.decode()


def test_editing_keeps_created_and_moves_happened_at(people):
    item = entry(people.alice, "Old", days_ago=3)
    created = item.created
    response = client_for(people.alice).post(
        reverse("journal:entry_edit", args=[item.pk]),
        {
            "phase": "free",
            "title": "Old",
            "body": "x",
            "version": item.version,
            "happened_at": "2025-06-01T08:00",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.created == created
    assert timezone.localtime(item.happened_at).date() == dt.date(2025, 6, 1)


def test_emptied_date_keeps_the_one_it_had(people):
    item = entry(people.alice, "Old", days_ago=3)
    client_for(people.alice).post(
        reverse("journal:entry_edit", args=[item.pk]),
        {"phase": "free", "title": "Old", "body": "x", "version": item.version, "happened_at": ""},
    )
    item.refresh_from_db()
    assert item.happened_at == item.created


def test_the_entry_page_says_when_it_happened_and_when_it_was_written(people):
    item = entry(people.alice, "About last night")
    Entry.objects.filter(pk=item.pk).update(happened_at=item.created - dt.timedelta(days=1))
    html = client_for(people.alice).get(item.get_absolute_url()).content.decode()
    assert "About <time" in html and "written <time" in html


def test_the_list_timeline_and_search_go_by_happened_at(people):
    written_first = entry(people.alice, "Written first, about yesterday")
    written_later = entry(people.alice, "Written later, about last week")
    now = timezone.now()
    Entry.objects.filter(pk=written_first.pk).update(happened_at=now - dt.timedelta(days=1))
    Entry.objects.filter(pk=written_later.pk).update(happened_at=now - dt.timedelta(days=7))
    client = client_for(people.alice)
    for url in (reverse("journal:entry_list"), reverse("journal:search") + "?q=written"):
        html = client.get(url).content.decode()  # newest first
        assert html.index("Written first") < html.index("Written later"), url
    html = client.get(reverse("journal:timeline")).content.decode()  # a stretch reads in order
    assert html.index("Written later") < html.index("Written first")
    assert ENTRY_LIST_ORDER[0] == "-happened_at"
    # A date filter of search reads the day it happened.
    day = timezone.localdate(now - dt.timedelta(days=7)).isoformat()
    html = client.get(reverse("journal:search"), {"q": "", "start": day, "end": day})
    assert "Written later" in html.content.decode()
    assert "Written first" not in html.content.decode()


def test_follow_ups_count_an_entry_by_when_it_happened(people):
    from journal.followups import due_follow_ups

    s = session(people.alice, days_ago=3)
    item = entry(people.alice, "Later", phase="integration", session=s)
    assert due_follow_ups(people.alice) == []
    # dated to before the two-day mark: the follow-up is still due
    Entry.objects.filter(pk=item.pk).update(happened_at=s.date + dt.timedelta(days=1))
    assert [f.session for f in due_follow_ups(people.alice)] == [s]


def test_export_and_import_keep_it(people):
    item = entry(people.alice, "Dated")
    moment = dt.datetime(2026, 3, 4, 21, 30, tzinfo=dt.UTC)
    Entry.objects.filter(pk=item.pk).update(happened_at=moment)
    data = build_export_data(people.alice)
    assert data["version"] == FORMAT_VERSION == 2
    assert data["entries"][0]["happened_at"] == moment.isoformat()
    archive = build_export_zip(people.alice)
    import_archive(client_for(people.bob), archive)
    assert Entry.objects.get(owner=people.bob).happened_at == moment


def test_an_old_archive_without_it_imports_with_created(people):
    import io
    import zipfile

    entry(people.alice, "Old format")
    data = build_export_data(people.alice)
    data["version"] = 1
    for row in data["entries"]:
        del row["happened_at"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("journal.json", json.dumps(data))
    import_archive(client_for(people.bob), buffer.getvalue())
    imported = Entry.objects.get(owner=people.bob)
    assert imported.happened_at == imported.created
    assert imported.created == dt.datetime.fromisoformat(data["entries"][0]["created"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_dates_existing_entries_by_created():
    executor = MigrationExecutor(connection)
    before = [("journal", "0004_entry_client_key")]
    after = [("journal", "0005_entry_happened_at")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("accounts", "User")
    owner = User.objects.create(email="old@example.org")
    written = dt.datetime(2024, 5, 6, 7, 8, tzinfo=dt.UTC)
    old.get_model("journal", "Entry").objects.create(
        owner=owner, title="old", created=written, updated=written
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    assert new.get_model("journal", "Entry").objects.get().happened_at == written
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


# Phase suggestions: from the time relative to a session (journal.dating)

START = dt.datetime(2026, 11, 14, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        (START - dt.timedelta(hours=14), "preparation"),  # the evening before
        (START - dt.timedelta(days=5), "preparation"),  # about this session, long before
        (START + dt.timedelta(hours=1), "during"),
        (START + dt.timedelta(hours=5), "after"),
        (START + dt.timedelta(hours=27), "after"),
        (START + dt.timedelta(days=3), "integration"),
    ],
)
def test_phase_for_a_chosen_session(moment, phase):
    assert dating.suggest_phase(moment, session_date=START, all_dates=[]) == phase


@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        (START - dt.timedelta(days=1), "preparation"),
        (START + dt.timedelta(hours=2), "during"),
        (START + dt.timedelta(hours=20), "after"),
        (START - dt.timedelta(days=3), "free"),  # nothing close
        (START + dt.timedelta(days=3), "free"),
    ],
)
def test_phase_without_a_session_looks_for_a_close_one(moment, phase):
    assert dating.suggest_phase(moment, session_date=None, all_dates=[START]) == phase


def test_write_about_this_session_the_evening_before_suggests_before(people):
    s = session(people.alice, days_ago=0)
    type(s).objects.filter(pk=s.pk).update(date=timezone.now() + dt.timedelta(hours=14))
    client = client_for(people.alice)
    page = client.get(reverse("journal:session_detail", args=[s.pk])).content.decode()
    link = f"{reverse('journal:entry_create')}?session={s.pk}"
    assert f'href="{link}">Write about this session' in page
    form = client.get(link).context["form"]
    assert form["phase"].value() == "preparation"
    assert "data-suggest-phase" in client.get(link).content.decode()


def test_right_after_the_session_suggests_after_and_a_chosen_phase_wins(people):
    s = session(people.alice, days_ago=0)
    type(s).objects.filter(pk=s.pk).update(date=timezone.now() - dt.timedelta(hours=6))
    client = client_for(people.alice)
    link = f"{reverse('journal:entry_create')}?session={s.pk}"
    assert client.get(link).context["form"]["phase"].value() == "after"
    chosen = client.get(link + "&phase=integration")
    assert chosen.context["form"]["phase"].value() == "integration"
    assert "data-suggest-phase" not in chosen.content.decode()


def test_the_form_gives_the_script_session_times_on_the_writers_clock():
    writer = make_user("zone@example.org", time_zone="Europe/Berlin")
    s = session(writer)
    type(s).objects.filter(pk=s.pk).update(date=dt.datetime(2026, 11, 14, 9, 0, tzinfo=dt.UTC))
    html = client_for(writer).get(reverse("journal:entry_create")).content.decode()
    assert f'"{s.pk}": "2026-11-14T10:00"' in html
    assert 'src="/static/js/phase.js"' in html
