import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from care.models import CareLink, ClinicInvite, Membership, hash_token
from tests.helpers import client_for, make_user

pytestmark = pytest.mark.django_db


def send_invite(world, email="new@example.org", role="therapist"):
    response = client_for(world.admin).post(
        reverse("care:clinic_invite", args=[world.clinic.pk]), {"email": email, "role": role}
    )
    assert response.status_code == 302
    token = re.search(r"/care/invite/([^/]+)/", mail.outbox[-1].body).group(1)
    return token


def test_admin_invites_by_email(world):
    token = send_invite(world)
    invite = ClinicInvite.objects.get()
    assert invite.email == "new@example.org"
    assert invite.token_hash == hash_token(token)
    assert token not in invite.token_hash  # only the hash is stored
    assert mail.outbox[0].to == ["new@example.org"]
    assert "Riverside" in mail.outbox[0].subject


def test_invite_form_errors(world):
    response = client_for(world.admin).post(
        reverse("care:clinic_invite", args=[world.clinic.pk]), {"email": "nope", "role": "boss"}
    )
    assert response.status_code == 400
    assert b'value="nope"' in response.content
    assert not ClinicInvite.objects.exists()


@pytest.mark.parametrize("who", ["therapist", "alice", "bob"])
def test_only_admins_invite(world, who):
    response = client_for(getattr(world, who)).post(
        reverse("care:clinic_invite", args=[world.clinic.pk]),
        {"email": "x@example.org", "role": "admin"},
    )
    assert response.status_code == 404
    assert not ClinicInvite.objects.exists()


def test_invite_page_is_public_and_explains(client, world):
    token = send_invite(world)
    response = client.get(reverse("care:invite", args=[token]))
    assert response.status_code == 200
    assert b"Riverside" in response.content
    assert reverse("account_signup").encode() in response.content


def test_accepting_makes_a_member(world):
    token = send_invite(world)
    newcomer = make_user("new@example.org", "New")
    client = client_for(newcomer)
    assert b"Accept the invitation" in client.get(reverse("care:invite", args=[token])).content
    response = client.post(reverse("care:invite_accept", args=[token]))
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).role == "therapist"
    invite = ClinicInvite.objects.get()
    assert invite.used_at is not None and invite.used_by == newcomer


def test_a_used_invite_is_refused(world):
    token = send_invite(world)
    newcomer = make_user("new@example.org", "New")
    client_for(newcomer).post(reverse("care:invite_accept", args=[token]))
    Membership.objects.filter(user=newcomer).delete()
    response = client_for(newcomer).post(reverse("care:invite_accept", args=[token]))
    assert response.status_code == 410
    assert b"already accepted" in response.content
    assert not Membership.objects.filter(user=newcomer).exists()
    assert client_for(newcomer).get(reverse("care:invite", args=[token])).status_code == 410


def test_an_expired_invite_is_refused(world):
    token = send_invite(world)
    ClinicInvite.objects.update(expires=timezone.now() - timedelta(minutes=1))
    newcomer = make_user("new@example.org", "New")
    response = client_for(newcomer).post(reverse("care:invite_accept", args=[token]))
    assert response.status_code == 410
    assert b"expired" in response.content
    assert not Membership.objects.filter(user=newcomer).exists()


def test_a_withdrawn_invite_is_refused(world):
    token = send_invite(world)
    invite = ClinicInvite.objects.get()
    client_for(world.admin).post(reverse("care:invite_withdraw", args=[world.clinic.pk, invite.pk]))
    newcomer = make_user("new@example.org", "New")
    response = client_for(newcomer).post(reverse("care:invite_accept", args=[token]))
    assert response.status_code == 410
    assert b"withdrawn" in response.content


def test_an_unknown_token_is_a_clear_404(client, world):
    response = client.get(reverse("care:invite", args=["made-up-token"]))
    assert response.status_code == 404
    assert b"could not find this invitation" in response.content


def test_invite_only_for_the_invited_address(world):
    token = send_invite(world)
    response = client_for(world.bob).get(reverse("care:invite", args=[token]))
    assert b"different email address" in response.content
    client_for(world.bob).post(reverse("care:invite_accept", args=[token]))
    assert not Membership.objects.filter(user=world.bob).exists()
    assert ClinicInvite.objects.get().used_at is None


def test_patient_invite_creates_a_care_link(world):
    token = send_invite(world, email="bob@example.org", role="patient")
    client_for(world.bob).post(reverse("care:invite_accept", args=[token]))
    assert CareLink.objects.filter(patient=world.bob, clinic=world.clinic).exists()
    assert not Membership.objects.filter(user=world.bob).exists()


def test_accept_requires_login_and_post(client, world):
    token = send_invite(world)
    assert client.post(reverse("care:invite_accept", args=[token])).status_code == 302
    newcomer = make_user("new@example.org", "New")
    assert client_for(newcomer).get(reverse("care:invite_accept", args=[token])).status_code == 405
