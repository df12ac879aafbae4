"""Managing themes: add, rename (slug follows), merge (entries follow), delete (entries stay),
and adding suggested starters."""

import pytest
from django.urls import reverse

from journal.models import Entry, Theme
from tests.helpers import client_for
from tests.journal.factories import entry
from tests.journal.themes_data import make_theme_journal

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(people):
    return make_theme_journal(people)


def theme(owner, slug):
    return Theme.objects.get(owner=owner, slug=slug)


def alices_slugs(people):
    return sorted(Theme.objects.filter(owner=people.alice).values_list("slug", flat=True))


# --- rename ------------------------------------------------------------------------------


def rename_url(slug):
    return reverse("journal:theme_rename", args=[slug])


def test_rename_works_and_slug_follows(people, journal):
    hope = theme(people.alice, "hope")
    response = client_for(people.alice).post(
        rename_url("hope"), {"name": "  Quiet   hope 🌱 ", "colour": "sage"}
    )
    assert response.status_code == 302
    hope.refresh_from_db()
    assert (hope.name, hope.slug, hope.colour) == ("Quiet hope 🌱", "quiet-hope", "sage")
    assert response["Location"] == reverse("journal:theme_detail", args=["quiet-hope"])
    assert hope.entries.count() == 2  # her entry and the trashed one keep it


def test_rename_only_changes_case(people, journal):
    response = client_for(people.alice).post(rename_url("hope"), {"name": "Hope", "colour": ""})
    assert response.status_code == 302
    assert theme(people.alice, "hope").name == "Hope"


def test_rename_collision_suggests_merge(people, journal):
    response = client_for(people.alice).post(rename_url("hope"), {"name": "Grief", "colour": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "You already have a theme called “grief”" in page
    assert "Merge" in page
    assert 'value="Grief"' in page  # the input is kept
    assert theme(people.alice, "hope").name == "hope"


def test_rename_may_use_a_name_only_someone_else_has(people, journal):
    Theme.objects.create(owner=people.bob, name="Courage", slug="courage")
    client_for(people.alice).post(rename_url("hope"), {"name": "Courage", "colour": ""})
    assert "courage" in alices_slugs(people)


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "Give the theme a name."),
        ("x" * 61, "60 characters or fewer"),
        ("bad\x00name", "cannot be stored (NUL)"),
        ("?!", "at least one letter, number or emoji"),
    ],
)
def test_rename_rejects_bad_names(people, journal, name, error):
    response = client_for(people.alice).post(rename_url("hope"), {"name": name, "colour": ""})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert theme(people.alice, "hope").name == "hope"


def test_rename_rejects_unknown_colour(people, journal):
    response = client_for(people.alice).post(rename_url("hope"), {"name": "hope", "colour": "red"})
    assert response.status_code == 200
    assert theme(people.alice, "hope").colour == ""


def test_rename_checks_owner(people, journal):
    response = client_for(people.bob).post(rename_url("hope"), {"name": "mine now", "colour": ""})
    assert response.status_code == 404
    assert theme(people.alice, "hope").name == "hope"


def test_rename_requires_login(client, people, journal):
    assert client.post(rename_url("hope"), {"name": "x"}).status_code == 302
    assert theme(people.alice, "hope").name == "hope"


def test_rename_rejects_get(people, journal):
    assert client_for(people.alice).get(rename_url("hope")).status_code == 405


# --- merge -------------------------------------------------------------------------------


def merge_url(slug):
    return reverse("journal:theme_merge", args=[slug])


def test_merge_moves_entries_without_duplicates(people, journal):
    only_body = entry(people.alice, "Only body", themes=["body"])
    grief = theme(people.alice, "grief")
    response = client_for(people.alice).post(merge_url("body"), {"into": grief.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:theme_detail", args=["grief"])
    assert "body" not in alices_slugs(people)
    assert set(grief.entries.values_list("title", flat=True)) == {
        "First",
        "Second",
        "Third",
        "Between",
        "Trashed",
        "Only body",
    }
    assert Entry.themes.through.objects.filter(theme=grief).count() == 6  # each entry once
    assert list(only_body.themes.all()) == [grief]


def test_merge_needs_a_choice(people, journal):
    response = client_for(people.alice).post(merge_url("body"), {"into": ""})
    assert response.status_code == 200
    assert "Choose the theme to merge into." in response.content.decode()
    assert "body" in alices_slugs(people)


def test_merge_into_itself_is_refused(people, journal):
    body = theme(people.alice, "body")
    response = client_for(people.alice).post(merge_url("body"), {"into": body.pk})
    assert response.status_code == 200
    assert "Choose one of your other themes." in response.content.decode()
    assert Theme.objects.filter(pk=body.pk).exists()


def test_cannot_merge_into_a_strangers_theme(people, journal):
    bobs = theme(people.bob, "grief")
    response = client_for(people.alice).post(merge_url("body"), {"into": bobs.pk})
    assert response.status_code == 200
    assert "body" in alices_slugs(people)
    assert bobs.entries.count() == 1


def test_merge_checks_owner(people, journal):
    bobs = theme(people.bob, "grief")
    response = client_for(people.bob).post(merge_url("hope"), {"into": bobs.pk})
    assert response.status_code == 404
    assert "hope" in alices_slugs(people)


def test_merge_requires_login(client, people, journal):
    grief = theme(people.alice, "grief")
    assert client.post(merge_url("body"), {"into": grief.pk}).status_code == 302
    assert "body" in alices_slugs(people)


def test_merge_rejects_get(people, journal):
    assert client_for(people.alice).get(merge_url("body")).status_code == 405


# --- delete ------------------------------------------------------------------------------


def delete_url(slug):
    return reverse("journal:theme_delete", args=[slug])


def test_delete_asks_first(people, journal):
    response = client_for(people.alice).get(delete_url("body"))
    assert response.status_code == 200
    assert "2 entries are tagged with it" in response.content.decode()
    assert "body" in alices_slugs(people)


def test_delete_keeps_entries(people, journal):
    before = Entry.objects.filter(owner=people.alice).count()
    response = client_for(people.alice).post(delete_url("body"))
    assert response.status_code == 302
    assert "body" not in alices_slugs(people)
    assert Entry.objects.filter(owner=people.alice).count() == before
    assert list(journal.first.themes.values_list("slug", flat=True)) == ["grief"]


def test_delete_checks_owner(people, journal):
    bob = client_for(people.bob)
    assert bob.get(delete_url("hope")).status_code == 404
    assert bob.post(delete_url("hope")).status_code == 404
    assert "hope" in alices_slugs(people)


def test_delete_requires_login(client, people, journal):
    assert client.post(delete_url("hope")).status_code == 302
    assert "hope" in alices_slugs(people)


def test_delete_rejects_other_methods(people, journal):
    assert client_for(people.alice).put(delete_url("hope")).status_code == 405


# --- create ------------------------------------------------------------------------------

CREATE = reverse("journal:theme_create")


def test_create_works(people):
    client = client_for(people.alice)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, {"name": "Ángel 🕊 שלום", "colour": "lavender"})
    assert response.status_code == 302
    created = Theme.objects.get(owner=people.alice)
    assert (created.name, created.colour) == ("Ángel 🕊 שלום", "lavender")


def test_create_refuses_a_duplicate(people, journal):
    response = client_for(people.alice).post(CREATE, {"name": "GRIEF", "colour": ""})
    assert response.status_code == 200
    assert "You already have a theme called “grief”" in response.content.decode()
    assert alices_slugs(people).count("grief") == 1


def test_create_requires_login(client):
    assert client.post(CREATE, {"name": "x"}).status_code == 302
    assert not Theme.objects.exists()


def test_create_rejects_other_methods(people):
    assert client_for(people.alice).delete(CREATE).status_code == 405


# --- starters ----------------------------------------------------------------------------

STARTERS = reverse("journal:theme_starters")


def test_starters_adds_only_the_chosen_ones(people):
    client = client_for(people.alice)
    response = client.post(STARTERS, {"starter": ["grief", "letting go"]})
    assert response.status_code == 302
    assert alices_slugs(people) == ["grief", "letting-go"]
    assert "Suggested themes" not in client.get(reverse("journal:theme_list")).content.decode()


def test_starters_refuses_made_up_names(people):
    response = client_for(people.alice).post(STARTERS, {"starter": ["grief", "not-a-starter"]})
    assert response.status_code == 200
    assert "Choose from the suggested themes." in response.content.decode()
    assert alices_slugs(people) == []


def test_starters_with_nothing_ticked(people):
    response = client_for(people.alice).post(STARTERS, {})
    assert response.status_code == 200
    assert "Tick at least one theme" in response.content.decode()


def test_starters_only_for_yourself(people):
    client_for(people.bob).post(STARTERS, {"starter": ["hope"]})
    assert alices_slugs(people) == []
    assert Theme.objects.filter(owner=people.bob, slug="hope").exists()


def test_starters_requires_login(client):
    assert client.post(STARTERS, {"starter": ["hope"]}).status_code == 302
    assert not Theme.objects.exists()


def test_starters_rejects_get(people):
    assert client_for(people.alice).get(STARTERS).status_code == 405


def test_rename_collision_readies_the_merge(people, journal):
    grief = theme(people.alice, "grief")
    response = client_for(people.alice).post(rename_url("hope"), {"name": "grief", "colour": ""})
    assert response.context["merge_form"]["into"].value() == grief.pk
    assert f'<option value="{grief.pk}" selected>' in response.content.decode()
