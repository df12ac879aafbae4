"""Entries and sessions linked to an intention that is now in the trash."""

import pytest
from django.urls import reverse
from django.utils import timezone

from intentions.models import Intention
from tests.helpers import client_for
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def intention(owner, title):
    return Intention.objects.create(owner=owner, title=title)


def trash(client, item):
    assert client.post(reverse("intentions:delete", args=[item.pk])).status_code == 302
    item.refresh_from_db()
    assert item.deleted_at is not None


def restore(client, item):
    url = reverse("mydata:trash_restore", args=["intention", item.pk])
    assert client.post(url).status_code == 302


def test_entry_page_names_a_trashed_intention_without_a_dead_link(people):
    client = client_for(people.alice)
    live, gone = intention(people.alice, "Live one"), intention(people.alice, "Gone one")
    item = entry(people.alice)
    item.intentions.set([live, gone])
    trash(client, gone)
    html = client.get(reverse("journal:entry_detail", args=[item.pk])).content.decode()
    assert reverse("intentions:detail", args=[live.pk]) in html
    assert reverse("intentions:detail", args=[gone.pk]) not in html
    assert "Gone one (in the trash)" in html
    assert client.get(reverse("intentions:detail", args=[gone.pk])).status_code == 404


def test_session_page_names_a_trashed_intention_without_a_dead_link(people):
    client = client_for(people.alice)
    live, gone = intention(people.alice, "Live one"), intention(people.alice, "Gone one")
    s = session(people.alice)
    s.intentions.set([live, gone])
    trash(client, gone)
    html = client.get(reverse("journal:session_detail", args=[s.pk])).content.decode()
    assert reverse("intentions:detail", args=[live.pk]) in html
    assert reverse("intentions:detail", args=[gone.pk]) not in html
    assert "Gone one (in the trash)" in html


def test_editing_an_entry_keeps_the_link_to_a_trashed_intention(people):
    client = client_for(people.alice)
    live, gone = intention(people.alice, "Live one"), intention(people.alice, "Gone one")
    other = intention(people.alice, "Other one")
    item = entry(people.alice, title="Linked")
    item.intentions.set([live, gone])
    trash(client, gone)
    url = reverse("journal:entry_edit", args=[item.pk])
    form = client.get(url).content.decode()
    assert "In the trash, and still linked: “Gone one”" in form
    assert f'value="{gone.pk}"' not in form  # not offered as a choice
    # The person unticks "Live one" and ticks "Other one"; "Gone one" is not on the form at all.
    data = {"phase": "free", "title": "Linked", "body": "x", "version": 1, "intentions": [other.pk]}
    assert client.post(url, data).status_code == 302
    assert set(item.intentions.all()) == {other, gone}
    # Restoring the intention brings the link back, on the entry and on the intention's page.
    restore(client, gone)
    html = client.get(reverse("journal:entry_detail", args=[item.pk])).content.decode()
    assert reverse("intentions:detail", args=[gone.pk]) in html
    assert "(in the trash)" not in html
    assert "Linked" in client.get(reverse("intentions:detail", args=[gone.pk])).content.decode()


def test_editing_a_session_keeps_the_link_to_a_trashed_intention(people):
    client = client_for(people.alice)
    live, gone = intention(people.alice, "Live one"), intention(people.alice, "Gone one")
    s = session(people.alice, number=3)
    s.intentions.set([live, gone])
    trash(client, gone)
    url = reverse("journal:session_edit", args=[s.pk])
    assert "still linked: “Gone one”" in client.get(url).content.decode()
    data = {"number": 3, "date": "2025-05-01T10:00", "kind": "iv", "intentions": []}
    assert client.post(url, data).status_code == 302
    assert list(s.intentions.all()) == [gone]
    restore(client, gone)
    html = client.get(reverse("journal:session_detail", args=[s.pk])).content.decode()
    assert reverse("intentions:detail", args=[gone.pk]) in html


def test_a_trashed_intention_cannot_be_newly_linked(people):
    gone = intention(people.alice, "Gone one")
    gone.deleted_at = timezone.now()
    gone.save()
    item = entry(people.alice, title="Plain")
    url = reverse("journal:entry_edit", args=[item.pk])
    data = {"phase": "free", "title": "Plain", "body": "x", "version": 1, "intentions": [gone.pk]}
    response = client_for(people.alice).post(url, data)
    assert response.status_code == 200 and b"Select a valid choice" in response.content
    assert not item.intentions.exists()
