import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from intentions.models import Intention
from journal.models import Entry
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def trashed(people):
    now = timezone.now()
    entry = Entry.objects.create(owner=people.alice, title="Old thoughts", deleted_at=now)
    intention = Intention.objects.create(owner=people.alice, title="Old aim", deleted_at=now)
    return entry, intention


def test_trash_lists_deleted_entries_and_intentions(people, trashed):
    Entry.objects.create(owner=people.alice, title="Still here")
    page = client_for(people.alice).get(reverse("mydata:trash"))
    assert page.status_code == 200
    assert b"Old thoughts" in page.content
    assert b"Old aim" in page.content
    assert b"Still here" not in page.content


def test_restore_and_delete_forever(people, trashed):
    entry, intention = trashed
    client = client_for(people.alice)
    response = client.post(reverse("mydata:trash_restore", args=["entry", entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.deleted_at is None
    client.post(reverse("mydata:trash_delete", args=["intention", intention.pk]))
    assert not Intention.objects.filter(pk=intention.pk).exists()


def test_only_trashed_items_can_be_deleted_forever(people):
    live = Entry.objects.create(owner=people.alice, title="Live")
    response = client_for(people.alice).post(
        reverse("mydata:trash_delete", args=["entry", live.pk])
    )
    assert response.status_code == 404
    assert Entry.objects.filter(pk=live.pk).exists()


def test_a_stranger_gets_404(people, trashed):
    entry, intention = trashed
    bob = client_for(people.bob)
    assert bob.post(reverse("mydata:trash_restore", args=["entry", entry.pk])).status_code == 404
    assert (
        bob.post(reverse("mydata:trash_delete", args=["intention", intention.pk])).status_code
        == 404
    )
    assert b"Old thoughts" not in bob.get(reverse("mydata:trash")).content


def test_unknown_kind_is_404(people, trashed):
    entry, _ = trashed
    response = client_for(people.alice).post(
        reverse("mydata:trash_restore", args=["user", entry.pk])
    )
    assert response.status_code == 404


def test_login_and_method_rules(client, people, trashed):
    entry, _ = trashed
    assert client.get(reverse("mydata:trash")).status_code == 302
    assert client.post(reverse("mydata:trash_restore", args=["entry", entry.pk])).status_code == 302
    alice = client_for(people.alice)
    assert alice.get(reverse("mydata:trash_restore", args=["entry", entry.pk])).status_code == 405
    assert alice.post(reverse("mydata:trash")).status_code == 405


def test_items_older_than_30_days_are_purged(people):
    old = timezone.now() - dt.timedelta(days=31)
    recent = timezone.now() - dt.timedelta(days=29)
    Entry.objects.create(owner=people.alice, title="old", deleted_at=old)
    Entry.objects.create(owner=people.alice, title="recent", deleted_at=recent)
    Intention.objects.create(owner=people.alice, title="old aim", deleted_at=old)
    call_command("purge_trash")
    assert list(Entry.objects.values_list("title", flat=True)) == ["recent"]
    assert not Intention.objects.exists()
