"""The whitespace policy (docs/testing.md, "Whitespace"), field by field, through the forms
people type into: multi-line text is stored exactly as typed with line endings made "\\n";
single-line names and titles are trimmed; short labels collapse runs of whitespace."""

import pytest
from django.urls import reverse

from care.models import Reflection, SupportNote
from intentions.models import Intention, Review
from journal.models import Entry, Theme
from practices.models import CheckIn
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

# What a browser sends for a Markdown hard break ("two spaces, then Return") with Windows line
# endings, plus indentation and a leading blank line that trimming would lose.
TYPED = "\r\n  first line  \r\nsecond line\r\n\r\n    code\r\n"
STORED = "\n  first line  \nsecond line\n\n    code\n"


def post_entry(client, **data):
    payload = {"phase": "free", "title": "", "body": "", "version": ""}
    payload.update(data)
    return client.post(reverse("journal:entry_create"), payload)


def test_entry_body_and_insight_are_kept_as_typed_and_the_hard_break_renders(people):
    client = client_for(people.alice)
    response = post_entry(client, title="  A title  ", body=TYPED, insight=" one\r\n two  ")
    assert response.status_code == 302
    entry = Entry.objects.get(owner=people.alice)
    assert entry.body == STORED
    assert entry.insight == " one\n two  "
    assert entry.title == "A title"  # single line: trimmed
    assert "first line<br" in entry.body_html
    assert "\r" not in entry.body_html
    page = client.get(reverse("journal:entry_detail", args=[entry.pk])).content.decode()
    assert "first line<br" in page


def test_a_bare_carriage_return_becomes_a_newline(people):
    client = client_for(people.alice)
    post_entry(client, title="t", body="old mac\rline")
    assert Entry.objects.get().body == "old mac\nline"


@pytest.mark.parametrize("blank", ["   ", "\r\n\t\r\n", "\u3000"])
def test_an_entry_of_only_whitespace_is_still_refused(people, blank):
    response = post_entry(client_for(people.alice), body=blank)
    assert response.status_code == 200
    assert b"Write a few words, or at least a title, to save." in response.content
    assert not Entry.objects.exists()


def test_custom_emotions_and_themes_collapse_unicode_whitespace(people):
    client = client_for(people.alice)
    post_entry(
        client,
        title="t",
        body="b",
        other_emotions="  quietly\u3000glad ,\u2028 soft\u2028\u2028landing\t, ",
        theme_names=" my\u3000sister ,\u2028home  coming ",
    )
    entry = Entry.objects.get()
    assert entry.emotions == ["quietly glad", "soft landing"]
    assert sorted(Theme.objects.filter(owner=people.alice).values_list("name", flat=True)) == [
        "home coming",
        "my sister",
    ]


def test_intention_texts_are_kept_and_the_title_trimmed(people):
    client = client_for(people.alice)
    response = client.post(
        reverse("intentions:create"),
        {
            "title": "  Feel at ease  ",
            "success_looks_like": TYPED,
            "troubles_most": "a  \r\nb",
            "replace_with": " c\r\n",
            "why_it_matters": "\r\n- d\r\n- e",
        },
    )
    assert response.status_code == 302
    intention = Intention.objects.get(owner=people.alice)
    assert intention.title == "Feel at ease"
    assert intention.success_looks_like == STORED
    assert intention.troubles_most == "a  \nb"
    assert intention.replace_with == " c\n"
    assert intention.why_it_matters == "\n- d\n- e"
    assert "a<br" in intention.troubles_most_html
    review = client.post(
        reverse("intentions:review_add", args=[intention.pk]), {"progress": 4, "note": TYPED}
    )
    assert review.status_code == 302
    assert Review.objects.get().note == STORED
    assert "first line<br" in Review.objects.get().note_html


def test_check_in_note_is_kept_as_typed(people):
    client = client_for(people.alice)
    assert client.post(reverse("practices:check_in"), {"note": TYPED}).status_code == 302
    assert CheckIn.objects.get(owner=people.alice).note == STORED


def test_reflection_and_support_note_are_kept_as_typed(world):
    client = client_for(world.therapist)
    response = client.post(
        reverse("care:reflect", args=[world.alice.pk, world.entry.pk]), {"body": TYPED}
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert reflection.body == STORED
    assert "first line<br" in reflection.body_html
    friend = client_for(world.friend)
    url = reverse("care:support_session", args=[world.support_invite.pk])
    assert friend.post(url, {"body": TYPED}).status_code == 302
    assert SupportNote.objects.get(body=STORED)


def test_a_reflection_of_only_whitespace_is_still_refused(world):
    response = client_for(world.therapist).post(
        reverse("care:reflect", args=[world.alice.pk, world.entry.pk]), {"body": " \r\n\t"}
    )
    assert response.status_code in (200, 400)
    assert b"Please write something first." in response.content
    assert not Reflection.objects.exists()
