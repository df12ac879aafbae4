"""The session, intention and theme pickers only ever reach the writer's own objects."""

import pytest
from django.urls import reverse

from intentions.models import Intention
from journal.models import Entry, Theme
from tests.helpers import client_for
from tests.journal.factories import entry, session

pytestmark = pytest.mark.django_db


def post_entry(client, url=None, **data):
    payload = {"phase": "free", "title": "", "body": "words", "version": ""}
    payload.update(data)
    return client.post(url or reverse("journal:entry_create"), payload)


def test_typing_a_strangers_theme_name_creates_my_own_theme(people):
    bobs = Theme.objects.create(owner=people.bob, name="Grief", slug="grief")
    response = post_entry(client_for(people.alice), theme_names="Grief, nature")
    assert response.status_code == 302
    item = Entry.objects.get(owner=people.alice)
    themes = list(item.themes.all())
    assert {t.owner_id for t in themes} == {people.alice.pk}
    assert sorted(t.slug for t in themes) == ["grief", "nature"]
    assert not bobs.entries.exists()


def test_unicode_theme_names_get_unicode_slugs_and_are_reused(people):
    client = client_for(people.alice)
    post_entry(client, theme_names="Ängste, 家族")
    post_entry(client, theme_names="ängste")
    assert sorted(Theme.objects.for_owner(people.alice).values_list("slug", flat=True)) == [
        "ängste",
        "家族",
    ]
    assert Theme.objects.get(owner=people.alice, slug="ängste").entries.count() == 2


def test_the_datalist_offers_only_my_themes(people):
    Theme.objects.create(owner=people.alice, name="Sleep", slug="sleep")
    Theme.objects.create(owner=people.bob, name="Bobs secret theme", slug="bobs-secret-theme")
    page = client_for(people.alice).get(reverse("journal:entry_create"))
    assert b'<option value="Sleep">' in page.content
    assert b"Bobs secret theme" not in page.content


def test_editing_cannot_move_an_entry_to_a_strangers_session(people):
    mine = session(people.alice)
    item = entry(people.alice, session=mine)
    bobs = session(people.bob)
    bobs_intention = Intention.objects.create(owner=people.bob, title="Bob's aim")
    url = reverse("journal:entry_edit", args=[item.pk])
    response = post_entry(
        client_for(people.alice), url, session=bobs.pk, intentions=[bobs_intention.pk], version=1
    )
    assert response.status_code == 200
    assert response.content.count(b"Select a valid choice") == 2
    item.refresh_from_db()
    assert item.session == mine
    assert not item.intentions.exists()
    assert item.version == 1


def test_a_new_entry_link_with_a_strangers_session_preselects_nothing(people):
    bobs = session(people.bob)
    page = client_for(people.alice).get(reverse("journal:entry_create") + f"?session={bobs.pk}")
    assert page.status_code == 200
    assert str(bobs.pk).encode() not in page.content.replace(f"session={bobs.pk}".encode(), b"")


def test_session_intentions_are_mine_only(people):
    mine = Intention.objects.create(owner=people.alice, title="My aim")
    Intention.objects.create(owner=people.bob, title="Bob's hidden aim")
    page = client_for(people.alice).get(reverse("journal:session_create"))
    assert b"My aim" in page.content
    assert b"hidden aim" not in page.content
    assert str(mine.pk).encode() in page.content
