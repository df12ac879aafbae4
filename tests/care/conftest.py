"""A small clinic for care tests.

alice is the patient; bob is another patient (the stranger). `therapist` is on alice's team and
has MFA; `colleague` is a therapist of the same clinic not on the team; `admin` runs the clinic;
`nomfa` is on alice's team without MFA; `friend` is alice's support person for one session.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from accounts.models import User
from care.models import CareLink, CareTeamMember, Clinic, Membership, Share, SupportInvite
from tests.helpers import make_user

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - test fixture


def give_mfa(user: User) -> None:
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )


def make_entry(owner, title="An entry", body="Secret words about my mother", **extra):
    from integration_journal.markdown import render_markdown
    from journal.models import Entry

    return Entry.objects.create(
        owner=owner, title=title, body=body, body_html=render_markdown(body), **extra
    )


def make_intention(owner, title="Be gentle with myself"):
    from intentions.models import Intention

    return Intention.objects.create(owner=owner, title=title, why_it_matters="Private why")


def make_session(owner, number=1):
    from journal.models import TreatmentSession

    return TreatmentSession.objects.create(
        owner=owner,
        number=number,
        date=timezone.now() - timedelta(days=number),
        setting="Clinic room",
    )


@dataclass
class CareWorld:
    alice: User
    bob: User
    therapist: User
    colleague: User
    admin: User
    nomfa: User
    friend: User
    clinic: Clinic
    link: CareLink
    entry: object
    private_entry: object
    intention: object
    session: object
    support_invite: SupportInvite


@pytest.fixture
def world(people) -> CareWorld:
    therapist = make_user("therapist@example.org", "Dr. T")
    colleague = make_user("colleague@example.org", "Dr. C")
    admin = make_user("admin@example.org", "Admin")
    nomfa = make_user("nomfa@example.org", "Dr. N")
    friend = make_user("friend@example.org", "Friend")
    for user in (therapist, colleague, admin):
        give_mfa(user)
    clinic = Clinic.objects.create(name="Riverside", join_code="RIVER234")
    for user in (therapist, colleague, nomfa):
        Membership.objects.create(clinic=clinic, user=user, role=Membership.Role.THERAPIST)
    Membership.objects.create(clinic=clinic, user=admin, role=Membership.Role.ADMIN)
    link = CareLink.objects.create(patient=people.alice, clinic=clinic, share_measures=True)
    CareTeamMember.objects.create(link=link, therapist=therapist)
    CareTeamMember.objects.create(link=link, therapist=nomfa)
    entry = make_entry(people.alice, title="Shared entry")
    private_entry = make_entry(people.alice, title="Private entry", body="Nobody may read this")
    intention = make_intention(people.alice)
    session = make_session(people.alice)
    for recipient in (therapist, nomfa):
        Share.objects.create(owner=people.alice, recipient=recipient, entry=entry)
        Share.objects.create(owner=people.alice, recipient=recipient, intention=intention)
        Share.objects.create(owner=people.alice, recipient=recipient, session=session)
    invite = SupportInvite.objects.create(
        patient=people.alice,
        session=session,
        email=friend.email,
        token_hash="x" * 64,
        accepted_at=timezone.now(),
        support_person=friend,
    )
    return CareWorld(
        alice=people.alice,
        bob=people.bob,
        therapist=therapist,
        colleague=colleague,
        admin=admin,
        nomfa=nomfa,
        friend=friend,
        clinic=clinic,
        link=link,
        entry=entry,
        private_entry=private_entry,
        intention=intention,
        session=session,
        support_invite=invite,
    )


def also_on_team_at_a_second_clinic(world: CareWorld) -> CareTeamMember:
    """The therapist works at Lakeside too, and alice has them on her team there as well."""
    lakeside = Clinic.objects.create(name="Lakeside", join_code="LAKE2345")
    Membership.objects.create(clinic=lakeside, user=world.therapist, role=Membership.Role.THERAPIST)
    link = CareLink.objects.create(patient=world.alice, clinic=lakeside)
    return CareTeamMember.objects.create(link=link, therapist=world.therapist)
