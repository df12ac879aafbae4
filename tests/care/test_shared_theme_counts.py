"""The counts the database keeps of what each recipient sees of a person's themes (SharedEntryCount,
SharedSessionCount, SharedThemeCount, SharedThemePairCount) stay equal to a recomputation from
`care.access.visible_entries` after every kind of change: a share made, revoked or deleted; an
entry tagged or untagged; a theme merged, renamed or deleted; an entry trashed, restored, purged,
deleted, re-dated or moved between sessions; a session deleted; an import; an erasure. Runs on
SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from care import access
from care.models import Share
from journal import themes as patterns
from journal.models import (
    Entry,
    SharedEntryCount,
    SharedSessionCount,
    SharedThemeCount,
    SharedThemePairCount,
    Theme,
)
from mydata.export import build_export_data
from mydata.importer import apply_import
from mydata.tasks import erase_user, purge_expired
from tests.care.conftest import give_mfa
from tests.helpers import client_for, make_user
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def assert_counts_match(world):
    """For each recipient, the kept numbers are what the shared entries say, page after page of
    the grid, and what a full refill writes."""
    for recipient in (world.therapist, world.nomfa):
        shared = access.visible_entries(recipient, world.alice)
        summary = patterns.theme_summary(shared)
        assert patterns.shared_summary(recipient, world.alice) == summary
        assert patterns.shared_summary(recipient, world.alice, limit=2) == summary[:2]
        assert patterns.shared_theme_count(recipient, world.alice) == len(summary)
        together = patterns.co_occurrence(shared, limit=1000)
        assert patterns.shared_pairs(recipient, world.alice, limit=1000) == together
        assert patterns.co_occurrence(shared) == patterns.shared_pairs(recipient, world.alice)
        assert patterns.shared_entry_count(recipient, world.alice) == shared.count()
        shares = access.visible_entry_shares(recipient, world.alice)
        for page in (1, 2):
            kept = patterns.shared_grid(shares, recipient, world.alice, summary=summary, page=page)
            computed = patterns.recurrence_grid(
                shared,
                summary=summary,
                sessions_shown=patterns.GRID_SESSIONS,
                page=page,
                owner=world.alice,
            )
            assert kept.sessions == computed.sessions
            assert kept.rows == computed.rows
            assert kept.max_count == computed.max_count
            assert kept.total_themes == computed.total_themes
            assert kept.page.number == computed.page.number
            assert kept.page.paginator.count == computed.page.paginator.count
    kept = rows()
    patterns.rebuild_counts()
    assert rows() == kept


def rows():
    live = {"entries__gt": 0}
    return (
        set(SharedEntryCount.objects.filter(**live).values_list("recipient", "owner", "entries")),
        set(
            SharedSessionCount.objects.filter(**live).values_list(
                "recipient", "owner", "session", "entries"
            )
        ),
        set(
            SharedThemeCount.objects.filter(**live).values_list(
                "recipient",
                "owner",
                "theme",
                "entries",
                "between_sessions",
                "first_seen",
                "last_seen",
            )
        ),
        set(
            SharedThemePairCount.objects.filter(**live).values_list(
                "recipient", "owner", "theme", "other", "entries"
            )
        ),
    )


@pytest.fixture
def shared(world):
    """alice's journal: sessions, entries with themes, some shared with one or both therapists."""
    give_mfa(world.nomfa)  # both recipients see what is shared with them
    alice = world.alice
    first, second = session(alice, number=2, days_ago=20), session(alice, number=3, days_ago=5)
    made = [
        entry(alice, title="A", themes=["grief", "hope"], days_ago=30, session=first),
        entry(alice, title="B", themes=["grief", "body", "hope"], days_ago=19, session=first),
        entry(alice, title="C", themes=["body"], days_ago=10),
        entry(alice, title="D", themes=["grief", "sad"], days_ago=4, session=second),
        entry(alice, title="E", themes=["hope", "sad"], days_ago=1),
        entry(alice, title="Private", themes=["grief", "secret"], days_ago=2, session=second),
    ]
    for item in made[:5]:
        Share.objects.create(owner=alice, recipient=world.therapist, entry=item)
    for item in made[1:4]:
        Share.objects.create(owner=alice, recipient=world.nomfa, entry=item)
    return made


def theme(world, slug):
    return Theme.objects.get(owner=world.alice, slug=slug)


def test_sharing_revoking_and_deleting_shares(world, shared):
    assert_counts_match(world)
    assert patterns.shared_entry_count(world.therapist, world.alice) == 6  # and world.entry
    private = shared[5]
    alice = client_for(world.alice)
    alice.post(
        reverse("care:share_item", args=["entry", private.pk]),
        {"recipient": [world.therapist.pk]},
    )
    assert Share.objects.active().filter(entry=private, recipient=world.therapist).exists()
    assert_counts_match(world)
    share = Share.objects.get(entry=shared[0], recipient=world.therapist)
    alice.post(reverse("care:share_revoke", args=[share.pk]))
    assert Share.objects.get(pk=share.pk).revoked_at is not None
    assert_counts_match(world)
    Share.objects.filter(pk=share.pk).update(revoked_at=None)  # un-revoked
    assert_counts_match(world)
    Share.objects.filter(recipient=world.nomfa, entry=shared[1]).delete()
    assert_counts_match(world)
    Share.objects.filter(recipient=world.therapist).update(revoked_at=timezone.now())
    assert patterns.shared_summary(world.therapist, world.alice) == []
    assert_counts_match(world)


def test_a_share_of_someone_elses_entry_is_not_counted(world, shared):
    stranger = entry(world.bob, title="Bob's", themes=["grief"])
    Share.objects.create(owner=world.alice, recipient=world.therapist, entry=stranger)
    assert_counts_match(world)


def test_tagging_untagging_and_bulk_links(world, shared):
    a, b, c, d = shared[:4]
    a.themes.add(*Theme.objects.get_or_create_named(world.alice, ["body", "joy"]))
    assert_counts_match(world)
    b.themes.remove(theme(world, "grief"))
    assert_counts_match(world)
    c.themes.clear()
    assert_counts_match(world)
    d.themes.set(Theme.objects.get_or_create_named(world.alice, ["grief", "hope", "joy"]))
    assert_counts_match(world)
    Through = Entry.themes.through
    fresh = Theme.objects.get_or_create_named(world.alice, ["x", "y"])
    Through.objects.bulk_create([Through(entry=e, theme=t) for e in (a, b, c) for t in fresh])
    assert_counts_match(world)
    Through.objects.filter(theme__in=fresh).delete()
    assert_counts_match(world)
    response = client_for(world.alice).post(
        reverse("journal:entry_edit", args=[b.pk]),
        {
            "title": "B",
            "body": "Changed",
            "phase": "free",
            "theme_names": "joy, anger, hope",
            "version": b.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_counts_match(world)


def test_merging_renaming_and_deleting_themes(world, shared):
    patterns.merge_themes(source=theme(world, "sad"), target=theme(world, "grief"))
    assert_counts_match(world)
    hope = theme(world, "hope")
    hope.name = "a new hope"
    hope.save()
    assert_counts_match(world)
    theme(world, "body").delete()
    assert_counts_match(world)


def test_trash_restore_purge_and_delete(world, shared):
    a, b, c = shared[:3]
    alice = client_for(world.alice)
    alice.post(reverse("journal:entry_delete", args=[a.pk]))  # to the trash
    assert Entry.objects.get(pk=a.pk).deleted_at is not None
    assert_counts_match(world)
    alice.post(reverse("mydata:trash_restore", args=["entry", a.pk]))
    assert Entry.objects.get(pk=a.pk).deleted_at is None
    assert_counts_match(world)
    Entry.objects.filter(pk__in=[a.pk, b.pk]).update(
        deleted_at=timezone.now() - dt.timedelta(days=40)
    )
    assert_counts_match(world)
    purge_expired()  # gone for good from the trash
    assert not Entry.objects.filter(pk=a.pk).exists()
    assert_counts_match(world)
    c.delete()  # deleted while outside the trash
    assert_counts_match(world)


def test_redating_and_moving_between_sessions(world, shared):
    a, b, c, d = shared[:4]
    Entry.objects.filter(pk=b.pk).update(happened_at=timezone.now() - dt.timedelta(days=90))
    assert_counts_match(world)
    Entry.objects.filter(pk=b.pk).update(happened_at=timezone.now())
    assert_counts_match(world)
    Entry.objects.filter(pk=c.pk).update(session=a.session)
    assert_counts_match(world)
    Entry.objects.filter(pk=a.pk).update(session=None)
    assert_counts_match(world)
    Entry.objects.filter(pk=d.pk).update(session=b.session, happened_at=timezone.now())
    assert_counts_match(world)
    b.session.delete()  # its entries stay, tied to no session
    assert_counts_match(world)


def test_many_sessions_page_the_grid(world, shared):
    alice = world.alice
    for number in range(4, 4 + patterns.GRID_SESSIONS + 3):
        item = entry(
            alice, title=f"S{number}", themes=["grief"], session=session(alice, number=number)
        )
        Share.objects.create(owner=alice, recipient=world.therapist, entry=item)
    assert_counts_match(world)


def test_an_import_and_an_erasure(world, shared):
    data = build_export_data(world.alice)
    apply_import(world.alice, data)  # her own file again: nothing doubles, nothing newly shared
    assert_counts_match(world)
    carol = make_user("carol@example.org", "Carol")
    apply_import(carol, data)
    assert not SharedThemeCount.objects.filter(owner=carol).exists()
    erase_user(world.nomfa)
    assert not SharedThemeCount.objects.filter(recipient_id=world.nomfa.pk).exists()
    assert SharedThemeCount.objects.filter(recipient=world.therapist).exists()
    erase_user(world.alice)
    assert not SharedThemeCount.objects.filter(owner_id=world.alice.pk).exists()
    assert not SharedEntryCount.objects.filter(owner_id=world.alice.pk).exists()


def test_the_therapist_page_reads_the_kept_counts_while_allowed(world, shared):
    url = reverse("care:patient_themes", args=[world.alice.pk])
    client = client_for(world.therapist)
    page = client.get(url)
    assert ("grief", 3) in [(t.name, t.count) for t in page.context["summary"]]
    assert page.context["entry_count"] == 6
    SharedThemeCount.objects.filter(recipient=world.therapist, theme__slug="grief").update(
        entries=7
    )
    page = client.get(url)
    assert ("grief", 7) in [(t.name, t.count) for t in page.context["summary"]]
    # Off the team, nothing is shown, whatever the counts say.
    world.link.team.filter(therapist=world.therapist).delete()
    assert client.get(url).status_code == 404


def test_the_therapist_page_shows_nothing_without_a_visible_share(world, shared):
    Share.objects.filter(recipient=world.therapist).update(revoked_at=timezone.now())
    SharedThemeCount.objects.filter(recipient=world.therapist).update(entries=5)  # stale
    page = client_for(world.therapist).get(reverse("care:patient_themes", args=[world.alice.pk]))
    assert page.status_code == 200
    assert page.context["summary"] == [] and page.context["entry_count"] == 0
    assert "No themes on the entries shared with you yet." in page.content.decode()
