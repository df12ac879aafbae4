"""The entry form's feelings as grouped chips, and the 0–10 mood scale shared by the session form
and the daily check-in (integration_journal.forms.MoodScale), through the HTTP client."""

import re

import pytest
from django.urls import reverse

from integration_journal.forms import MOOD_ERROR
from journal.forms.entries import FEELING_GROUPS, FEELINGS
from journal.models import Entry, TreatmentSession
from practices.models import CheckIn
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def session_data(**extra):
    data = {"number": 1, "date": "2026-11-01T10:00", "kind": "iv", "setting": "Clinic room 2"}
    data.update(extra)
    return data


def radios(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"', page)


def checked(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"[^>]*\bchecked\b', page)


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("journal:session_create", ["mood_before", "mood_after"]),
        ("practices:check_in", ["mood"]),
    ],
)
def test_each_mood_is_a_group_of_eleven_radios_with_none_checked(people, url, names):
    page = client_for(people.alice).get(reverse(url)).content.decode()
    for name in names:
        assert radios(page, name) == [str(n) for n in range(11)]
        assert checked(page, name) == []  # not answered
        # One fieldset per mood, its legend the question, its help text describing it.
        assert f'aria-describedby="id_{name}_helptext"' in page
    assert page.count('<fieldset class="field field--group') >= len(names)
    assert "0 is the lowest you have felt, 10 the best." in page
    # The endpoints are named in words, for screen readers in the radios' own labels.
    assert '0<span class="visually-hidden">, lowest</span>' in page
    assert '10<span class="visually-hidden">, best</span>' in page
    assert "data-scale-clear" in page


def test_a_session_saves_the_chosen_moods_and_shows_them_again(people):
    client = client_for(people.alice)
    response = client.post(
        reverse("journal:session_create"), session_data(mood_before="0", mood_after="10")
    )
    assert response.status_code == 302
    created = TreatmentSession.objects.get(owner=people.alice)
    assert (created.mood_before, created.mood_after) == (0, 10)
    page = client.get(reverse("journal:session_edit", args=[created.pk])).content.decode()
    assert checked(page, "mood_before") == ["0"]
    assert checked(page, "mood_after") == ["10"]


def test_moods_may_be_left_unanswered(people):
    client = client_for(people.alice)
    response = client.post(reverse("journal:session_create"), session_data(mood_after=""))
    assert response.status_code == 302
    created = TreatmentSession.objects.get(owner=people.alice)
    assert (created.mood_before, created.mood_after) == (None, None)
    # Clearing a mood that was answered (the clear button sends nothing) empties it.
    client.post(reverse("journal:session_edit", args=[created.pk]), session_data(mood_before="4"))
    created.refresh_from_db()
    assert created.mood_before == 4
    client.post(reverse("journal:session_edit", args=[created.pk]), session_data())
    created.refresh_from_db()
    assert created.mood_before is None


@pytest.mark.parametrize("mood", ["11", "-1", "lots", "3.5", "99999999999999999999"])
def test_a_mood_out_of_range_is_refused_clearly_and_the_rest_is_kept(people, mood):
    response = client_for(people.alice).post(
        reverse("journal:session_create"),
        session_data(mood_after=mood, setting="With my sister, who drove me home"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert str(MOOD_ERROR) in page
    assert 'id="id_mood_after_error"' in page
    assert 'aria-describedby="id_mood_after_helptext id_mood_after_error"' in page
    assert "With my sister, who drove me home" in page  # nothing typed is lost
    assert not TreatmentSession.objects.exists()


def test_the_check_in_mood_uses_the_same_scale(people):
    client = client_for(people.alice)
    assert client.post(reverse("practices:check_in"), {"mood": "7"}).status_code == 302
    assert CheckIn.objects.get(owner=people.alice).mood == 7
    page = client.get(reverse("practices:check_in")).content.decode()
    assert checked(page, "mood") == ["7"]
    response = client.post(reverse("practices:check_in"), {"mood": "12", "note": "A long walk."})
    assert str(MOOD_ERROR) in response.content.decode()
    assert "A long walk." in response.content.decode()
    assert CheckIn.objects.get(owner=people.alice).mood == 7


def test_feelings_are_chips_in_named_groups_with_the_stored_words_unchanged(people):
    page = client_for(people.alice).get(reverse("journal:entry_create")).content.decode()
    legends = re.findall(r'<fieldset class="chip-group" data-roving><legend>([^<]+)</legend>', page)
    assert legends == [group for group, _ in FEELING_GROUPS]
    values = re.findall(r'<input type="checkbox" name="emotions" value="([^"]+)"', page)
    assert values == FEELINGS and len(set(values)) == 24
    # Each chip is a real checkbox with its own label.
    for value, box_id in re.findall(
        r'<input type="checkbox" name="emotions" value="([^"]+)"[^>]*id="([^"]+)"', page
    ):
        assert f'<label for="{box_id}">{value}</label>' in page


def test_chosen_feelings_are_saved_and_ticked_again_when_editing(people):
    client = client_for(people.alice)
    client.post(
        reverse("journal:entry_create"),
        {"phase": "free", "body": "Soft.", "emotions": ["tender", "tired"], "version": ""},
    )
    item = Entry.objects.get(owner=people.alice)
    assert item.emotions == ["tender", "tired"]
    page = client.get(reverse("journal:entry_edit", args=[item.pk])).content.decode()
    ticked = re.findall(r'name="emotions" value="([^"]+)"[^>]*\bchecked\b', page)
    assert ticked == ["tender", "tired"]
