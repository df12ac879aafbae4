"""Both invitation flows (a clinic's, a patient's support person's) refuse a link the same way
once it is used, expired or withdrawn, and for a token that was never sent."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from care.models import ClinicInvite, Membership, SupportInvite
from tests.helpers import client_for, make_user

pytestmark = pytest.mark.django_db

INVITEE = "pal@example.org"


@dataclass
class Flow:
    model: type
    page: str
    accept: str
    accepted_at: str

    def send(self, world) -> str:
        """Send an invitation to INVITEE through the sender's page; returns the link's token."""
        if self.model is ClinicInvite:
            url = reverse("care:clinic_invite", args=[world.clinic.pk])
            response = client_for(world.admin).post(url, {"email": INVITEE, "role": "therapist"})
        else:
            url = reverse("care:support_invite", args=[world.session.pk])
            response = client_for(world.alice).post(url, {"email": INVITEE})
        assert response.status_code == 302
        return re.search(r"/care/(?:support/accept|invite)/([^/]+)/", mail.outbox[-1].body)[1]

    def withdraw(self, world) -> None:
        invite = self.model.objects.get(email=INVITEE)
        if self.model is ClinicInvite:
            url = reverse("care:invite_withdraw", args=[world.clinic.pk, invite.pk])
            response = client_for(world.admin).post(url)
        else:
            response = client_for(world.alice).post(
                reverse("care:support_withdraw", args=[invite.pk])
            )
        assert response.status_code == 302


CLINIC = Flow(ClinicInvite, "care:invite", "care:invite_accept", "used_at")
SUPPORT = Flow(SupportInvite, "care:support_accept", "care:support_accept_confirm", "accepted_at")
FLOWS = pytest.mark.parametrize("flow", [CLINIC, SUPPORT], ids=["clinic", "support"])


def accepted(flow, world) -> bool:
    return getattr(flow.model.objects.get(email=INVITEE), flow.accepted_at) is not None


def refusals(flow, token, user):
    """What the invitee gets on the link's page and on accepting it."""
    client = client_for(user)
    return client.get(reverse(flow.page, args=[token])), client.post(
        reverse(flow.accept, args=[token])
    )


@FLOWS
def test_a_used_link_is_refused(flow, world):
    token = flow.send(world)
    pal = make_user(INVITEE, "Pal")
    assert client_for(pal).post(reverse(flow.accept, args=[token])).status_code == 302
    assert accepted(flow, world)
    for response in refusals(flow, token, pal):
        assert response.status_code == 410
        assert b"already accepted. Each invitation works only once." in response.content


@FLOWS
def test_an_expired_link_is_refused(flow, world):
    token = flow.send(world)
    flow.model.objects.filter(email=INVITEE).update(expires=timezone.now() - timedelta(minutes=1))
    for response in refusals(flow, token, make_user(INVITEE, "Pal")):
        assert response.status_code == 410
        assert b"This invitation has expired." in response.content
    assert not accepted(flow, world)


@FLOWS
def test_a_withdrawn_link_is_refused(flow, world):
    token = flow.send(world)
    flow.withdraw(world)
    for response in refusals(flow, token, make_user(INVITEE, "Pal")):
        assert response.status_code == 410
        assert b"withdrawn by the person who sent it" in response.content
    assert not accepted(flow, world)


@FLOWS
def test_an_unknown_token_is_a_404(flow, world):
    flow.send(world)
    for response in refusals(flow, "made-up-token", make_user(INVITEE, "Pal")):
        assert response.status_code == 404
        assert b"could not find this invitation" in response.content
    assert not accepted(flow, world)


@FLOWS
def test_an_open_link_is_accepted_once_by_the_invitee(flow, world):
    token = flow.send(world)
    page, accepting = refusals(flow, token, world.bob)  # bob is not the invitee
    assert page.status_code == 200
    assert b"different email address" in page.content
    assert accepting["Location"] == reverse(flow.page, args=[token])
    assert not accepted(flow, world)
    response = client_for(make_user(INVITEE, "Pal")).post(reverse(flow.accept, args=[token]))
    assert response.status_code == 302
    assert accepted(flow, world)


def test_a_withdrawn_support_person_sees_withdrawn_not_used(world):
    """After the patient withdraws an accepted support person, the link says withdrawn."""
    token = SUPPORT.send(world)
    pal = make_user(INVITEE, "Pal")
    client_for(pal).post(reverse(SUPPORT.accept, args=[token]))
    SUPPORT.withdraw(world)
    response = client_for(pal).get(reverse(SUPPORT.page, args=[token]))
    assert response.status_code == 410
    assert b"withdrawn by the person who sent it" in response.content


def test_a_used_clinic_link_cannot_be_withdrawn(world):
    token = CLINIC.send(world)
    pal = make_user(INVITEE, "Pal")
    client_for(pal).post(reverse(CLINIC.accept, args=[token]))
    CLINIC.withdraw(world)
    assert ClinicInvite.objects.get().withdrawn_at is None
    assert Membership.objects.filter(user=pal, clinic=world.clinic).exists()
