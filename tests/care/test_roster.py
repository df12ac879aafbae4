"""The clinic's roster: every invitation with its status, resend (a new link, the old one dead)
and withdraw, members with role and since when, and the way to the batch export."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from care.models import ClinicInvite
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def invite(world, email="new@example.org"):
    client_for(world.admin).post(
        reverse("care:clinic_invite", args=[world.clinic.pk]), {"email": email, "role": "therapist"}
    )
    token = re.search(r"/care/invite/([^/]+)/", mail.outbox[-1].body).group(1)
    return ClinicInvite.objects.get(email=email), token


def roster(world):
    response = client_for(world.admin).get(reverse("care:clinic", args=[world.clinic.pk]))
    assert response.status_code == 200
    return response.content.decode()


def row_of(html, email):
    return re.search(rf"<tr>\s*<td>{re.escape(email)}</td>.*?</tr>", html, re.S).group(0)


def test_roster_shows_every_status(world):
    pending, _ = invite(world, "pending@example.org")
    accepted, _ = invite(world, "accepted@example.org")
    accepted.accept(world.bob)
    expired, _ = invite(world, "expired@example.org")
    expired.expires = timezone.now() - timedelta(days=1)
    expired.save()
    withdrawn, _ = invite(world, "withdrawn@example.org")
    client_for(world.admin).post(
        reverse("care:invite_withdraw", args=[world.clinic.pk, withdrawn.pk])
    )
    html = roster(world)
    assert "Pending" in row_of(html, "pending@example.org")
    assert "Accepted" in row_of(html, "accepted@example.org")
    assert "Expired" in row_of(html, "expired@example.org")
    assert "Withdrawn" in row_of(html, "withdrawn@example.org")
    # Resend only where a new link makes sense; withdraw only while the link works.
    resend = "/resend/"
    assert resend in row_of(html, "pending@example.org")
    assert resend in row_of(html, "expired@example.org")
    assert resend not in row_of(html, "accepted@example.org")
    assert resend not in row_of(html, "withdrawn@example.org")
    assert "/withdraw/" in row_of(html, "pending@example.org")
    assert "/withdraw/" not in row_of(html, "expired@example.org")


def test_resend_makes_a_new_link_and_kills_the_old(world, client):
    invitation, old_token = invite(world)
    invitation.expires = timezone.now() - timedelta(days=1)
    invitation.save()
    sent = len(mail.outbox)
    response = client_for(world.admin).post(
        reverse("care:invite_resend", args=[world.clinic.pk, invitation.pk]), follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "the earlier one no longer works." in page
    assert "m.." not in page
    assert len(mail.outbox) == sent + 1
    new_token = re.search(r"/care/invite/([^/]+)/", mail.outbox[-1].body).group(1)
    assert new_token != old_token
    assert client.get(reverse("care:invite", args=[old_token])).status_code == 404
    assert client.get(reverse("care:invite", args=[new_token])).status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert "Pending" in row_of(roster(world), "new@example.org")


def test_resend_refuses_an_accepted_or_withdrawn_invitation(world):
    invitation, token = invite(world)
    invitation.accept(world.bob)
    before = invitation.token_hash
    sent = len(mail.outbox)
    response = client_for(world.admin).post(
        reverse("care:invite_resend", args=[world.clinic.pk, invitation.pk]), follow=True
    )
    assert "cannot be sent again" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.token_hash == before
    assert len(mail.outbox) == sent


def test_resend_is_for_this_clinics_admin_only(world, client):
    invitation, _ = invite(world)
    url = reverse("care:invite_resend", args=[world.clinic.pk, invitation.pk])
    for user in (world.therapist, world.alice, world.bob, world.friend):
        assert client_for(user).post(url).status_code == 404
    assert client.post(url).status_code == 302  # to sign-in
    assert reverse("account_login") in client.post(url)["Location"]
    assert client_for(world.admin).get(url).status_code == 405
    before = invitation.token_hash
    invitation.refresh_from_db()
    assert invitation.token_hash == before


def test_members_show_role_and_since(world):
    html = roster(world)
    assert "Member since" in html
    membership = world.clinic.memberships.get(user=world.therapist)
    assert membership.created.strftime("%b") in html
    assert "Clinic admin" in html


def test_patients_count_consents_and_batch_export_link(world):
    export = reverse("reports:batch_create", args=[world.clinic.pk])
    html = roster(world)
    assert "1 patient joined" in html
    assert export not in html
    world.link.consents_to_clinic_reports = True
    world.link.save()
    html = roster(world)
    assert export in html
    assert str(world.alice) in html
