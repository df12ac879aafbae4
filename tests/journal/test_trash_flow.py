import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from journal.models import Entry
from tests.helpers import client_for
from tests.journal.factories import entry

pytestmark = pytest.mark.django_db


def test_delete_restore_and_purge(people):
    client = client_for(people.alice)
    item = entry(people.alice, title="Kept safe", themes=["grief"])
    assert client.post(reverse("journal:entry_delete", args=[item.pk])).status_code == 302
    # Gone from the journal, the detail page and the list, but kept in the trash.
    assert client.get(reverse("journal:entry_detail", args=[item.pk])).status_code == 404
    assert b"Kept safe" not in client.get(reverse("journal:entry_list")).content
    trash = client.get(reverse("mydata:trash"))
    assert b"Kept safe" in trash.content
    restore = reverse("mydata:trash_restore", args=["entry", item.pk])
    assert client.post(restore).status_code == 302
    assert client.get(reverse("journal:entry_detail", args=[item.pk])).status_code == 200
    assert [t.name for t in Entry.objects.get(pk=item.pk).themes.all()] == ["grief"]


def test_purge_trash_removes_only_entries_older_than_30_days(people):
    now = timezone.now()
    old = entry(people.alice, title="old", deleted_at=now - dt.timedelta(days=31))
    recent = entry(people.alice, title="recent", deleted_at=now - dt.timedelta(days=29))
    live = entry(people.alice, title="live")
    call_command("purge_trash", stdout=io.StringIO())
    assert not Entry.objects.filter(pk=old.pk).exists()
    assert set(Entry.objects.values_list("pk", flat=True)) == {recent.pk, live.pk}


def test_a_stranger_cannot_restore(people):
    item = entry(people.alice, deleted_at=timezone.now())
    bob = client_for(people.bob)
    assert bob.post(reverse("mydata:trash_restore", args=["entry", item.pk])).status_code == 404
    assert Entry.objects.get(pk=item.pk).deleted_at is not None


def test_saving_an_entry_trashed_in_another_window_keeps_the_text(people):
    item = entry(people.alice, body="first words")
    client = client_for(people.alice)
    url = reverse("journal:entry_edit", args=[item.pk])
    client.post(reverse("journal:entry_delete", args=[item.pk]))
    response = client.post(url, {"phase": "free", "body": "my newer words", "version": 1})
    assert response.status_code == 200
    assert b"moved to the trash in another window" in response.content
    assert b"my newer words" in response.content
    item.refresh_from_db()
    assert (item.body, item.version) == ("first words", 1)
    assert item.deleted_at is not None
    assert client.get(url).status_code == 404  # nothing to open until it is restored
    bob = client_for(people.bob)
    assert bob.post(url, {"phase": "free", "body": "x", "version": 1}).status_code == 404
