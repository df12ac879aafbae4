"""Themes named with emoji alone are themes of their own, with working pages; names with nothing
to make a theme of are refused with a message, never dropped."""

import pytest
from django.urls import reverse

from journal.models import Entry, Theme
from tests.helpers import client_for
from tests.journal.factories import entry

pytestmark = pytest.mark.django_db


def post_entry(client, **data):
    payload = {"phase": "free", "title": "", "body": "", "version": ""}
    payload.update(data)
    return client.post(reverse("journal:entry_create"), payload)


def test_an_emoji_theme_typed_in_the_entry_form_is_kept_and_has_a_page(people):
    client = client_for(people.alice)
    Theme.objects.create(owner=people.alice, name="water wave", slug="water-wave")
    response = post_entry(client, title="Sea", body="Waves.", theme_names="🌊, grief, 👨‍👩‍👧")
    assert response.status_code == 302
    item = Entry.objects.get(owner=people.alice)
    assert sorted(t.name for t in item.themes.all()) == ["grief", "🌊", "👨‍👩‍👧"]
    wave = item.themes.get(name="🌊")
    page = client.get(response.url).content.decode()
    assert f'href="{wave.get_absolute_url()}"' in page
    theme_page = client.get(wave.get_absolute_url())
    assert theme_page.status_code == 200
    assert "🌊" in theme_page.content.decode() and "Sea" in theme_page.content.decode()
    assert "🌊" in client.get(reverse("journal:theme_list")).content.decode()
    # The theme filter of the search finds it too.
    found = client.get(reverse("journal:search"), {"theme": wave.slug}).content.decode()
    assert "1 entry found" in found
    # Typed again (with or without the emoji variation selector), it is the same theme.
    post_entry(client, title="Sea again", theme_names="🌊")
    post_entry(client, title="Love", theme_names="❤")
    post_entry(client, title="Love again", theme_names="❤️")
    assert Theme.objects.filter(owner=people.alice, name="🌊").count() == 1
    assert Theme.objects.get(owner=people.alice, name="🌊").entries.count() == 2
    assert Theme.objects.filter(owner=people.alice, name__startswith="❤").count() == 1
    assert Theme.objects.get(slug="water-wave").entries.count() == 0


def test_a_theme_with_nothing_to_make_a_theme_of_is_refused_and_the_text_kept(people):
    client = client_for(people.alice)
    response = post_entry(client, title="Kept", body="My words", theme_names="grief, ???, ...")
    assert response.status_code == 200
    html = response.content.decode()
    assert "“???”, “...” can&#x27;t be a theme" in html
    assert "use at least one letter, number or emoji" in html
    assert "My words" in html and 'value="grief, ???, ..."' in html
    assert not Entry.objects.exists() and not Theme.objects.exists()


def test_editing_an_entry_with_a_bad_theme_changes_nothing(people):
    item = entry(people.alice, title="Old", themes=["grief"])
    url = reverse("journal:entry_edit", args=[item.pk])
    data = {"phase": "free", "title": "New", "body": "x", "version": 1, "theme_names": "-"}
    response = client_for(people.alice).post(url, data)
    assert response.status_code == 200 and b"can&#x27;t be a theme" in response.content
    item.refresh_from_db()
    assert item.title == "Old" and [t.name for t in item.themes.all()] == ["grief"]


def test_an_emoji_theme_can_be_added_and_renamed_on_the_theme_pages(people):
    client = client_for(people.alice)
    response = client.post(reverse("journal:theme_create"), {"name": "🌱", "colour": ""})
    assert response.status_code == 302
    sprout = Theme.objects.get(owner=people.alice)
    assert sprout.name == "🌱"
    assert client.get(sprout.get_absolute_url()).status_code == 200
    rename = reverse("journal:theme_rename", args=[sprout.slug])
    response = client.post(rename, {"name": "🌱🌱", "colour": ""})
    assert response.status_code == 302
    sprout.refresh_from_db()
    assert sprout.name == "🌱🌱"
    assert response["Location"] == sprout.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    # A second "🌱🌱" is the same name: refused, as for any other theme.
    again = client.post(reverse("journal:theme_create"), {"name": "🌱🌱", "colour": ""})
    assert "You already have a theme called “🌱🌱”" in again.content.decode()


def test_an_emoji_themes_page_is_still_owner_only(people):
    client_for(people.alice).post(reverse("journal:theme_create"), {"name": "🌱", "colour": ""})
    sprout = Theme.objects.get(owner=people.alice)
    assert client_for(people.bob).get(sprout.get_absolute_url()).status_code == 404


def test_emoji_themes_survive_an_export_and_import(people):
    from mydata.export import build_export_zip
    from tests.mydata.test_import import import_archive

    post_entry(client_for(people.alice), title="Two", theme_names="🌊, 🔥")
    import_archive(client_for(people.charlie), build_export_zip(people.alice))
    imported = Entry.objects.get(owner=people.charlie)
    assert sorted(t.name for t in imported.themes.all()) == ["🌊", "🔥"]
    for theme in imported.themes.all():
        assert client_for(people.charlie).get(theme.get_absolute_url()).status_code == 200
