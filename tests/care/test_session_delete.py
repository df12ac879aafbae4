"""Deleting a session deletes, with it, the support person's notes and invitation and the sharing
with the care team (they cascade from the session). The confirm page says so, with counts, and
nothing goes that the person was not shown."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from care.models import Share, SupportInvite, SupportNote
from journal.models import Entry, TreatmentSession
from tests.care.conftest import make_entry, make_session
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def note(world, body="You said you felt safe.", status=SupportNote.Status.NEW):
    return SupportNote.objects.create(
        invite=world.support_invite, author=world.friend, body=body, body_html=body, status=status
    )


def confirm_page(client, session) -> str:
    response = client.get(reverse("journal:session_delete", args=[session.pk]))
    assert response.status_code == 200
    return response.content.decode()


def shown_value(html: str) -> str:
    return re.search(r'name="shown" value="([^"]*)"', html).group(1)


def test_the_confirm_page_says_exactly_what_goes_with_the_session(world):
    note(world)
    note(world, "Kept one", status=SupportNote.Status.KEPT)
    note(world, "Hidden one", status=SupportNote.Status.HIDDEN)
    make_entry(world.alice, title="About it", session=world.session)
    client = client_for(world.alice)
    html = confirm_page(client, world.session)
    assert "Also deleted with it" in html
    assert "3 notes from your support person (1 of them marked “Kept in my journal”)" in html
    assert "The invitation for Friend: they will no longer see this session" in html
    assert "Sharing with 2 people on your care team (Dr. T, Dr. N)" in html
    assert "The 1 entry you wrote about it is kept in your journal" in html
    assert "does not go to the trash" in html
    assert reverse("mydata:my_data") in html


def test_deleting_after_the_warning_removes_what_was_listed_and_keeps_entries(world):
    note(world)
    item = make_entry(world.alice, title="About it", session=world.session)
    client = client_for(world.alice)
    html = confirm_page(client, world.session)
    url = reverse("journal:session_delete", args=[world.session.pk])
    response = client.post(url, {"shown": shown_value(html)})
    assert response.status_code == 302
    assert not TreatmentSession.objects.filter(pk=world.session.pk).exists()
    assert not SupportNote.objects.exists() and not SupportInvite.objects.exists()
    assert not Share.objects.filter(session_id=world.session.pk).exists()
    assert Share.objects.filter(entry=world.entry).count() == 2  # other shares untouched
    item.refresh_from_db()
    assert item.session is None and Entry.objects.filter(pk=item.pk).exists()


def test_nothing_goes_that_the_page_did_not_show(world):
    client = client_for(world.alice)
    html = confirm_page(client, world.session)
    assert "from your support person" not in html  # no notes yet
    # While the page is open, the support person writes a note.
    note(world, "Written meanwhile")
    url = reverse("journal:session_delete", args=[world.session.pk])
    response = client.post(url, {"shown": shown_value(html)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was deleted" in page
    assert "1 note from your support person" in page
    assert TreatmentSession.objects.filter(pk=world.session.pk).exists()
    assert SupportNote.objects.filter(body="Written meanwhile").exists()
    # A post without the confirm page's list deletes nothing either.
    assert client.post(url).status_code == 200
    assert TreatmentSession.objects.filter(pk=world.session.pk).exists()
    # Confirming what is now shown deletes.
    assert client.post(url, {"shown": shown_value(page)}).status_code == 302
    assert not TreatmentSession.objects.filter(pk=world.session.pk).exists()


def test_a_session_with_nothing_tied_to_it_is_deleted_as_before(world):
    plain = make_session(world.alice, number=7)
    client = client_for(world.alice)
    html = confirm_page(client, plain)
    assert "Also deleted with it" not in html
    url = reverse("journal:session_delete", args=[plain.pk])
    assert client.post(url).status_code == 302
    assert not TreatmentSession.objects.filter(pk=plain.pk).exists()


def test_withdrawn_invitations_and_stopped_shares_are_not_listed_but_their_notes_are(world):
    note(world)
    world.support_invite.withdrawn_at = timezone.now()
    world.support_invite.save()
    Share.objects.filter(session=world.session).update(revoked_at=timezone.now())
    html = confirm_page(client_for(world.alice), world.session)
    assert "1 note from your support person." in html
    assert "The invitation" not in html and "Sharing with" not in html


def test_strangers_and_the_care_team_cannot_see_or_delete(world, client):
    url = reverse("journal:session_delete", args=[world.session.pk])
    for user in (world.bob, world.therapist, world.friend):
        other = client_for(user)
        assert other.get(url).status_code == 404
        assert other.post(url, {"shown": "0-1-2"}).status_code == 404
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    assert client_for(world.alice).put(url).status_code == 405
    assert TreatmentSession.objects.filter(pk=world.session.pk).exists()
