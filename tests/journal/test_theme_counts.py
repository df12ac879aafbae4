"""The theme counts the database keeps (ThemeCount, ThemePairCount) stay equal to a recomputation
from the entries after every kind of change: tag, untag, edit, merge, theme delete, trash,
restore, purge, delete, re-date, bulk insert, import, erasure. Runs on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import themes as patterns
from journal.models import Entry, Theme, ThemeCount, ThemePairCount
from mydata.export import build_export_data
from mydata.importer import apply_import
from mydata.tasks import erase_user, purge_expired
from tests.helpers import client_for, make_user
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def assert_counts_match(owner):
    """The kept numbers are what the entries say, and what a full refill writes."""
    mine = Entry.objects.for_owner(owner)
    assert patterns.owner_summary(owner) == patterns.theme_summary(mine)
    assert patterns.owner_pairs(owner, limit=1000) == patterns.co_occurrence(mine, limit=1000)
    for theme in Theme.objects.for_owner(owner):
        assert patterns.owner_stat(theme) == patterns.theme_stat(mine, theme), theme.name
        together = patterns.co_occurrence(mine, theme=theme, limit=1000)
        assert patterns.owner_pairs(owner, theme=theme, limit=1000) == together, theme.name
    summary = patterns.owner_summary(owner)
    for page in (1, 2):
        window = {"summary": summary, "sessions_shown": 2, "page": page, "owner": owner}
        kept = patterns.recurrence_grid(mine, whole_journal=True, **window)
        computed = patterns.recurrence_grid(mine, **window)
        assert (kept.sessions, kept.rows) == (computed.sessions, computed.rows)
    kept = rows()
    patterns.rebuild_counts()
    assert rows() == kept


def rows():
    counts = {
        (c.theme_id, c.entries, c.between_sessions, c.first_seen, c.last_seen)
        for c in ThemeCount.objects.filter(entries__gt=0)
    }
    kept_pairs = ThemePairCount.objects.filter(entries__gt=0).select_related("theme")
    pairs = {(p.theme_id, p.other_id, p.entries) for p in kept_pairs}
    assert all(p.owner_id == p.theme.owner_id for p in kept_pairs)
    return counts, pairs


@pytest.fixture
def alice():
    return make_user("alice@example.org", "Alice")


def test_tagging_untagging_and_editing(alice):
    first = entry(alice, title="One", themes=["grief", "hope"], days_ago=9)
    second = entry(alice, title="Two", themes=["grief", "body"], days_ago=5)
    entry(alice, title="Three", themes=["hope"], days_ago=1)
    assert_counts_match(alice)
    first.themes.add(*Theme.objects.get_or_create_named(alice, ["body"]))
    assert_counts_match(alice)
    second.themes.remove(Theme.objects.get(owner=alice, slug="grief"))
    assert_counts_match(alice)
    first.themes.clear()
    assert_counts_match(alice)
    first.themes.set(Theme.objects.get_or_create_named(alice, ["grief", "hope", "joy"]))
    assert_counts_match(alice)
    # Through the entry form, as a person does it.
    response = client_for(alice).post(
        reverse("journal:entry_edit", args=[second.pk]),
        {
            "title": "Two",
            "body": "Changed",
            "phase": "free",
            "theme_names": "joy, anger",
            "version": second.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_counts_match(alice)


def test_trash_restore_purge_and_delete(alice):
    grief = entry(alice, title="Oldest", themes=["grief", "hope"], days_ago=30)
    entry(alice, title="Middle", themes=["grief", "hope"], days_ago=20)
    newest = entry(alice, title="Newest", themes=["grief"], days_ago=1)
    client = client_for(alice)
    client.post(reverse("journal:entry_delete", args=[grief.pk]))  # to the trash
    assert Entry.objects.get(pk=grief.pk).deleted_at is not None
    assert_counts_match(alice)
    client.post(reverse("mydata:trash_restore", args=["entry", grief.pk]))
    assert Entry.objects.get(pk=grief.pk).deleted_at is None
    assert_counts_match(alice)
    Entry.objects.filter(pk=grief.pk).update(deleted_at=timezone.now() - dt.timedelta(days=40))
    assert_counts_match(alice)
    purge_expired()  # gone for good from the trash
    assert not Entry.objects.filter(pk=grief.pk).exists()
    assert_counts_match(alice)
    newest.delete()  # deleted while outside the trash
    assert_counts_match(alice)


def test_redating_an_entry_moves_first_and_last_seen(alice):
    entry(alice, title="A", themes=["grief"], days_ago=10)
    moved = entry(alice, title="B", themes=["grief"], days_ago=5)
    Entry.objects.filter(pk=moved.pk).update(created=timezone.now() - dt.timedelta(days=50))
    assert_counts_match(alice)
    Entry.objects.filter(pk=moved.pk).update(created=timezone.now())
    assert_counts_match(alice)


def test_moving_entries_in_and_out_of_sessions(alice):
    first, second = session(alice, number=1, days_ago=9), session(alice, number=2, days_ago=3)
    one = entry(alice, title="A", themes=["grief", "hope"], days_ago=8, session=first)
    two = entry(alice, title="B", themes=["grief"], days_ago=2)
    entry(alice, title="C", themes=["hope", "body"], days_ago=1, session=second)
    assert_counts_match(alice)
    Entry.objects.filter(pk=one.pk).update(session=None)
    assert_counts_match(alice)
    Entry.objects.filter(pk=two.pk).update(session=second)
    assert_counts_match(alice)
    second.delete()  # its entries stay, tied to no session
    assert_counts_match(alice)
    grief = ThemeCount.objects.get(theme__owner=alice, theme__slug="grief")
    assert (grief.entries, grief.between_sessions) == (2, 2)


def test_merging_and_deleting_themes(alice):
    entry(alice, title="A", themes=["sad", "grief", "hope"])
    entry(alice, title="B", themes=["sad", "body"])
    entry(alice, title="C", themes=["grief", "body"])
    sad, grief = (Theme.objects.get(owner=alice, slug=slug) for slug in ("sad", "grief"))
    patterns.merge_themes(source=sad, target=grief)
    assert_counts_match(alice)
    Theme.objects.get(owner=alice, slug="body").delete()
    assert_counts_match(alice)


def test_a_bulk_insert_of_links_is_counted(alice):
    themes = Theme.objects.get_or_create_named(alice, ["a", "b", "c"])
    made = [entry(alice, title=f"E{i}", days_ago=i) for i in range(6)]
    Through = Entry.themes.through
    Through.objects.bulk_create(
        [Through(entry=e, theme=t) for i, e in enumerate(made) for t in themes[: 1 + i % 3]]
    )
    assert_counts_match(alice)


def test_links_are_never_changed_in_place(alice):
    item = entry(alice, themes=["grief"])
    hope = Theme.objects.get_or_create_named(alice, ["hope"])[0]
    with pytest.raises(Exception, match="never changed"):
        Entry.themes.through.objects.filter(entry=item).update(theme=hope)


def test_an_import_and_an_erasure(alice):
    entry(alice, title="Kept", themes=["grief", "hope"], session=session(alice))
    data = build_export_data(alice)
    bob = make_user("bob@example.org", "Bob")
    apply_import(bob, data)
    assert Entry.objects.filter(owner=bob).count() == 1
    assert_counts_match(bob)
    apply_import(bob, data)  # the same file again: nothing doubles
    assert_counts_match(bob)
    erase_user(bob)
    assert not ThemeCount.objects.filter(theme__owner_id=bob.pk).exists()
    assert_counts_match(alice)


def test_the_theme_pages_read_the_kept_counts(alice):
    entry(alice, title="A", themes=["grief", "hope"])
    client = client_for(alice)
    page = client.get(reverse("journal:theme_list"))
    assert [(t.name, t.count) for t in page.context["summary"]] == [("grief", 1), ("hope", 1)]
    ThemeCount.objects.filter(theme__slug="grief").update(entries=7)  # what the page shows
    page = client.get(reverse("journal:theme_list"))
    assert ("grief", 7) in [(t.name, t.count) for t in page.context["summary"]]
