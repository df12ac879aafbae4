import re

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from care.models import AccessEvent, SupportInvite, SupportNote
from integration_journal.markdown import render_markdown
from tests.care.conftest import make_session
from tests.helpers import client_for, make_user

pytestmark = pytest.mark.django_db


def note(world, text, author=None):
    return SupportNote.objects.create(
        invite=world.support_invite,
        author=author or world.friend,
        body=text,
        body_html=render_markdown(text),
    )


def panel(user, session):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load care_tags %}{% support_panel session %}")
    return template.render(Context({"request": request, "session": session, "csrf_token": "t"}))


def test_patient_invites_for_one_session_and_they_accept(world):
    session = make_session(world.alice, number=2)
    response = client_for(world.alice).post(
        reverse("care:support_invite", args=[session.pk]), {"email": "Pal@Example.org"}
    )
    assert response.status_code == 302
    token = re.search(r"/care/support/accept/([^/]+)/", mail.outbox[-1].body).group(1)
    pal = make_user("pal@example.org", "Pal")
    client = client_for(pal)
    page = client.get(reverse("care:support_accept", args=[token]))
    assert page.status_code == 200
    assert b"Accept" in page.content
    response = client.post(reverse("care:support_accept_confirm", args=[token]))
    invite = SupportInvite.objects.get(session=session)
    assert response["Location"] == reverse("care:support_session", args=[invite.pk])
    assert invite.support_person == pal
    # Single use.
    again = client.post(reverse("care:support_accept_confirm", args=[token]))
    assert again.status_code == 410


def test_support_person_writes_and_sees_only_own_notes(world):
    note(world, "Patient's own note", author=world.alice)
    url = reverse("care:support_session", args=[world.support_invite.pk])
    client = client_for(world.friend)
    response = client.post(url, {"body": 'You said: "the room breathes"'})
    assert response.status_code == 302
    page = client.get(url)
    assert page.status_code == 200
    assert b"the room breathes" in page.content
    assert b"Patient's own note" not in page.content
    # Nothing else of alice's: no entry, intention or setting text.
    assert b"Shared entry" not in page.content
    assert b"Clinic room" not in page.content
    assert AccessEvent.objects.filter(actor=world.friend, action="support_note").exists()
    assert AccessEvent.objects.filter(actor=world.friend, action="view").exists()


def test_support_note_errors_keep_the_text(world):
    url = reverse("care:support_session", args=[world.support_invite.pk])
    response = client_for(world.friend).post(url, {"body": "z" * 10_001})
    assert response.status_code == 400
    assert b"zzzz" in response.content
    assert not SupportNote.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "therapist", "admin"])
def test_others_cannot_open_the_support_page(world, who):
    url = reverse("care:support_session", args=[world.support_invite.pk])
    assert client_for(getattr(world, who)).get(url).status_code == 404
    assert client_for(getattr(world, who)).post(url, {"body": "x"}).status_code == 404


@pytest.mark.parametrize("page", ["patient", "entry"])
def test_support_person_sees_no_patient_pages(world, page):
    url = {
        "patient": reverse("care:patient", args=[world.alice.pk]),
        "entry": reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk]),
    }[page]
    assert client_for(world.friend).get(url).status_code == 404


def test_withdrawing_ends_access(world):
    url = reverse("care:support_session", args=[world.support_invite.pk])
    assert client_for(world.friend).get(url).status_code == 200
    response = client_for(world.alice).post(
        reverse("care:support_withdraw", args=[world.support_invite.pk])
    )
    assert response.status_code == 302
    assert client_for(world.friend).get(url).status_code == 404
    home = client_for(world.friend).get(reverse("care:support_home"))
    assert url.encode() not in home.content


def test_withdraw_checks_owner(world):
    url = reverse("care:support_withdraw", args=[world.support_invite.pk])
    assert client_for(world.bob).post(url).status_code == 404
    assert client_for(world.friend).post(url).status_code == 404
    assert client_for(world.alice).get(url).status_code == 405


def test_patient_sees_notes_and_keeps_or_hides_them(world):
    n = note(world, "You laughed at the clouds")
    html = panel(world.alice, world.session)
    assert "You laughed at the clouds" in html
    assert "Keep in my journal" in html
    url = reverse("care:support_note_status", args=[n.pk])
    client_for(world.alice).post(url, {"status": "kept"})
    n.refresh_from_db()
    assert n.status == "kept"
    client_for(world.alice).post(url, {"status": "hidden"})
    n.refresh_from_db()
    assert n.status == "hidden"
    assert "A hidden note" in panel(world.alice, world.session)
    client_for(world.alice).post(url, {"status": "bogus"})
    n.refresh_from_db()
    assert n.status == "hidden"


def test_note_status_checks_owner(world):
    n = note(world, "x")
    url = reverse("care:support_note_status", args=[n.pk])
    for user in (world.bob, world.friend, world.therapist):
        assert client_for(user).post(url, {"status": "hidden"}).status_code == 404
    assert client_for(world.alice).get(url).status_code == 405


def test_panel_shows_nothing_to_others(world):
    note(world, "private note")
    for user in (world.bob, world.friend, world.therapist):
        assert panel(user, world.session).strip() == ""


def test_cannot_invite_to_someone_elses_session(world):
    url = reverse("care:support_invite", args=[world.session.pk])
    assert client_for(world.bob).post(url, {"email": "x@example.org"}).status_code == 404
    assert client_for(world.alice).get(url).status_code == 405


def test_support_home_lists_only_accepted_invites(world):
    response = client_for(world.friend).get(reverse("care:support_home"))
    assert (
        reverse("care:support_session", args=[world.support_invite.pk]).encode() in response.content
    )
    response = client_for(world.bob).get(reverse("care:support_home"))
    assert (
        reverse("care:support_session", args=[world.support_invite.pk]).encode()
        not in response.content
    )


def test_invite_only_for_the_invited_address(world):
    from care.models import hash_token

    invite = SupportInvite.objects.create(
        patient=world.alice,
        session=world.session,
        email="pal@example.org",
        token_hash=hash_token("tok"),
    )
    response = client_for(world.bob).post(reverse("care:support_accept_confirm", args=["tok"]))
    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.support_person is None


def test_inviting_and_withdrawing_a_support_person_is_in_the_access_log(world):
    client = client_for(world.alice)
    session = make_session(world.alice, number=2)
    url = reverse("care:support_invite", args=[session.pk])
    client.post(url, {"email": "not an address"})
    assert not AccessEvent.objects.filter(patient=world.alice).exists()
    client.post(url, {"email": "pal@example.org"})
    shared = AccessEvent.objects.get(patient=world.alice, action=AccessEvent.Action.SHARE)
    assert (shared.actor, shared.item_type, shared.item_id) == (
        world.alice,
        "treatmentsession",
        str(session.pk),
    )
    invite = SupportInvite.objects.get(session=session)
    withdraw = reverse("care:support_withdraw", args=[invite.pk])
    client.post(withdraw)
    client.post(withdraw)  # already withdrawn: nothing more to log
    revoked = AccessEvent.objects.get(patient=world.alice, action=AccessEvent.Action.REVOKE)
    assert (revoked.actor, revoked.item_id) == (world.alice, str(session.pk))
    log = client.get(reverse("care:access_log")).content.decode()
    assert "Shared" in log and "Stopped sharing" in log


def test_the_session_time_opens_the_sentence_so_no_full_stop_follows_it(world):
    for zone in ("", "Europe/Berlin"):
        world.alice.time_zone = zone
        world.alice.save()
        url = reverse("care:support_session", args=[world.support_invite.pk])
        html = client_for(world.friend).get(url).content.decode()
        assert "For the session on " in html
        assert "m.." not in html
