"""The session, intention and theme pickers only ever reach the writer's own objects."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from intentions.models import Intention
from journal.forms.entries import RECENT_SESSIONS
from journal.models import Entry, Theme, TreatmentSession
from tests.helpers import client_for, query_count
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


def sessions(owner, count):
    """Sessions 1…count, a week apart, the latest (the highest number) a day ago."""
    return [session(owner, number=n, days_ago=1 + (count - n) * 7) for n in range(1, count + 1)]


def session_options(page) -> list[str]:
    html = page.content.decode()
    picker = html[
        html.index('name="session"') : html.index("</select>", html.index('name="session"'))
    ]
    return [line.split(">")[1].split("<")[0] for line in picker.split("<option")[1:]]


def test_the_session_picker_lists_the_latest_sessions_and_offers_the_others_by_number(people):
    sessions(people.alice, RECENT_SESSIONS + 3)
    page = client_for(people.alice).get(reverse("journal:entry_create"))
    latest = [f"Session {n}" for n in range(RECENT_SESSIONS + 3, 3, -1)]
    assert session_options(page) == ["Not about a particular session", *latest]
    assert b'name="session_number"' in page.content


def test_a_few_sessions_are_all_listed_without_a_number_field(people):
    sessions(people.alice, 3)
    page = client_for(people.alice).get(reverse("journal:entry_create"))
    assert session_options(page)[1:] == ["Session 3", "Session 2", "Session 1"]
    assert b'name="session_number"' not in page.content


def test_an_earlier_session_given_by_number_is_the_entrys_session(people):
    first = sessions(people.alice, RECENT_SESSIONS + 3)[0]
    response = post_entry(client_for(people.alice), session_number="1", body="about the first")
    assert response.status_code == 302
    assert Entry.objects.get(owner=people.alice).session == first
    # Its editor lists it, chosen, with the latest ones.
    edit = client_for(people.alice).get(
        reverse("journal:entry_edit", args=[Entry.objects.get().pk])
    )
    assert "Session 1" in session_options(edit)
    assert f'<option value="{first.pk}" selected>'.encode() in edit.content


def test_a_link_to_write_about_an_earlier_session_lists_it_chosen(people):
    first = sessions(people.alice, RECENT_SESSIONS + 3)[0]
    page = client_for(people.alice).get(reverse("journal:entry_create") + f"?session={first.pk}")
    assert session_options(page)[-1] == "Session 1"
    assert f'<option value="{first.pk}" selected>'.encode() in page.content


def test_an_earlier_session_chosen_in_a_sent_form_stays_listed_when_it_comes_back(people):
    first = sessions(people.alice, RECENT_SESSIONS + 3)[0]
    # Nothing written: the form comes back, still about the first session.
    response = post_entry(client_for(people.alice), session=first.pk, body="")
    assert response.status_code == 200
    assert f'<option value="{first.pk}" selected>'.encode() in response.content


@pytest.mark.parametrize("number", ["99", "1"])
def test_a_session_number_that_is_not_mine_keeps_everything_typed(people, number):
    sessions(people.alice, RECENT_SESSIONS + 3)
    session(people.bob, number=99)
    response = post_entry(
        client_for(people.alice), session_number=number, body="kept words", theme_names="sea"
    )
    if number == "1":  # mine: saved
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert b"You have no session 99." in response.content
    assert b"kept words" in response.content and b'value="sea"' in response.content
    assert b'name="session_number" value="99"' in response.content
    assert not Entry.objects.exists()


def test_a_number_and_another_listed_session_ask_which_one(people):
    listed = sessions(people.alice, RECENT_SESSIONS + 3)[-1]
    response = post_entry(
        client_for(people.alice), session=listed.pk, session_number="1", body="which one"
    )
    assert response.status_code == 200
    assert b"That is another session than the one chosen in the list." in response.content
    assert not Entry.objects.exists()
    # The same session both ways is that session.
    response = post_entry(
        client_for(people.alice), session=listed.pk, session_number=str(listed.number)
    )
    assert response.status_code == 302
    assert Entry.objects.get().session == listed


def test_the_entry_form_does_not_grow_with_sessions(people):
    client = client_for(people.alice)
    # An entry about a session older than those listed (the editor lists it too).
    item = entry(people.alice, session=session(people.alice, number=1, days_ago=900))
    TreatmentSession.objects.bulk_create(
        TreatmentSession(owner=people.alice, number=n, date=timezone.now() - dt.timedelta(days=n))
        for n in range(2, RECENT_SESSIONS + 3)
    )
    urls = [reverse("journal:entry_create"), reverse("journal:entry_edit", args=[item.pk])]
    few = [query_count(client, url) for url in urls]
    TreatmentSession.objects.bulk_create(
        TreatmentSession(owner=people.alice, number=n, date=timezone.now() - dt.timedelta(days=n))
        for n in range(RECENT_SESSIONS + 3, 300)
    )
    assert [query_count(client, url) for url in urls] == few
    html = client.get(urls[1]).content.decode()
    assert html.count("<option value=") == RECENT_SESSIONS + 1 + len(Entry.Phase.values) + 1


def test_the_datalist_suggests_the_most_used_themes_first_and_no_more_than_its_limit(people):
    from journal.views.entries import THEME_OPTIONS

    Theme.objects.get_or_create_named(people.alice, [f"quiet {n:03}" for n in range(THEME_OPTIONS)])
    entry(people.alice, themes=["zebra crossing"])  # used once: first, though last by name
    Theme.objects.create(owner=people.alice, name="aardvark", slug="aardvark")  # never used
    page = client_for(people.alice).get(reverse("journal:entry_create")).content.decode()
    datalist = page[page.index('<datalist id="theme-options">') : page.index("</datalist>")]
    names = re.findall(r'<option value="([^"]+)">', datalist)
    assert len(names) == THEME_OPTIONS
    assert names[0] == "zebra crossing"
    assert "aardvark" in names  # unused ones by name, after the used
    assert "quiet 097" in names and "quiet 098" not in names
    # A theme left out of the suggestions is still the same theme when typed.
    post_entry(client_for(people.alice), theme_names="Quiet 099")
    assert Theme.objects.filter(owner=people.alice, slug="quiet-099").count() == 1


def test_an_entry_form_that_is_only_validated_reads_no_sessions(people, django_assert_num_queries):
    """An import validates each of thousands of entries with the form, never showing it."""
    from journal.forms.entries import EntryForm

    sessions(people.alice, RECENT_SESSIONS + 3)
    data = {"phase": "free", "body": "imported", "happened_at": "2026-01-02T03:04"}
    with django_assert_num_queries(0):
        form = EntryForm(data=data, owner=people.alice)
        assert form.is_valid(), form.errors
