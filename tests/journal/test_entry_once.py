"""A new entry sent twice (a double click, or written offline and sent again when the connection
returns) is saved once: the form's hidden client_key."""

import re
import uuid

import pytest
from django.urls import reverse

from journal.models import Entry
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def form_key(client) -> str:
    html = client.get(reverse("journal:entry_create")).content.decode()
    return re.search(r'name="client_key" value="([0-9a-f-]{36})"', html)[1]


def test_the_new_entry_form_carries_a_fresh_key(people):
    client = client_for(people.alice)
    first, second = form_key(client), form_key(client)
    assert uuid.UUID(first) and first != second


def test_the_same_key_twice_saves_one_entry(people):
    client = client_for(people.alice)
    payload = {
        "phase": "free",
        "title": "Offline",
        "body": "Written on the train",
        "client_key": form_key(client),
    }
    first = client.post(reverse("journal:entry_create"), payload)
    second = client.post(reverse("journal:entry_create"), {**payload, "body": "changed"})
    entry = Entry.objects.get()
    assert entry.body == "Written on the train" and entry.client_key == uuid.UUID(
        payload["client_key"]
    )
    assert first["Location"] == second["Location"] == f"{entry.get_absolute_url()}?saved=new"


def test_another_persons_key_does_not_stop_or_reveal_anything(people):
    key = str(uuid.uuid4())
    payload = {"phase": "free", "title": "Mine", "client_key": key}
    client_for(people.bob).post(reverse("journal:entry_create"), payload)
    response = client_for(people.alice).post(reverse("journal:entry_create"), payload)
    alices = Entry.objects.get(owner=people.alice)
    assert response["Location"] == f"{alices.get_absolute_url()}?saved=new"
    assert Entry.objects.count() == 2


def test_an_entry_in_the_trash_is_not_saved_again(people):
    client = client_for(people.alice)
    payload = {"phase": "free", "title": "Gone", "client_key": str(uuid.uuid4())}
    client.post(reverse("journal:entry_create"), payload)
    Entry.objects.update(deleted_at="2026-01-01T00:00Z")
    response = client.post(reverse("journal:entry_create"), payload)
    assert response["Location"] == reverse("journal:entry_list")
    assert Entry.objects.count() == 1


def test_without_a_key_or_with_a_bad_one(people):
    client = client_for(people.alice)
    for _ in range(2):
        client.post(reverse("journal:entry_create"), {"phase": "free", "title": "No key"})
    assert Entry.objects.count() == 2
    response = client.post(
        reverse("journal:entry_create"), {"phase": "free", "title": "x", "client_key": "nope"}
    )
    # A mangled key is not the person's to fix: the entry is saved without one.
    assert response.status_code == 302
    assert Entry.objects.count() == 3


def test_a_race_between_two_sends_is_caught_by_the_database(people, monkeypatch):
    """The second request passed the look-up before the first saved: the constraint refuses it."""
    client = client_for(people.alice)
    key = uuid.uuid4()
    Entry.objects.create(owner=people.alice, title="First", client_key=key)
    calls = []
    from journal.views import entries

    real = entries._saved_before

    def late(request, key):
        calls.append(key)
        return None if len(calls) == 1 else real(request, key)

    monkeypatch.setattr(entries, "_saved_before", late)
    response = client.post(
        reverse("journal:entry_create"), {"phase": "free", "title": "Again", "client_key": str(key)}
    )
    assert response.status_code == 302 and len(calls) == 2
    assert Entry.objects.count() == 1
