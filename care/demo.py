"""Demo clinic: Riverside Integration Clinic, with an admin, two therapists, the demo patient on
Dr. Rivera's team, resources, and (after the journal demo exists) shared items, a reflection and
a support person's notes.

The demo therapist and clinic admin have a TOTP authenticator with a fixed, documented secret
(DEMO_TOTP_SECRET) so they can sign in with an authenticator app. Local demo only.
"""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.utils import timezone

from accounts.demo import make_user
from accounts.models import User
from care.models import (
    AccessEvent,
    CareLink,
    CareTeamMember,
    Clinic,
    Membership,
    Reflection,
    Resource,
    Share,
    SupportInvite,
    SupportNote,
)
from integration_journal.markdown import render_markdown
from intentions.models import Intention
from journal.models import Entry, TreatmentSession

DEMO_CLINIC = "Riverside Integration Clinic"
DEMO_JOIN_CODE = "RIVERSIDE"
DEMO_TOTP_SECRET = "IJDEMOTHERAPIST2FACTOR23"  # noqa: S105 - documented demo credential
SECOND_THERAPIST_EMAIL = "okafor@example.org"

RESOURCES = [
    {
        "kind": Resource.Kind.CIRCLE,
        "title": "Tuesday integration circle",
        "description": "A small peer group for people in ketamine-assisted therapy. Share as "
        "much or as little as you like; listening is welcome too.",
        "schedule": "Tuesdays 6:00–7:30 pm, clinic group room",
    },
    {
        "kind": Resource.Kind.SUPPORT_GROUP,
        "title": "Depression and Bipolar Support Alliance (DBSA) groups",
        "description": "Free peer-led support groups, in person and online.",
        "schedule": "Several times a week",
        "url": "https://www.dbsalliance.org/support/",
    },
    {
        "kind": Resource.Kind.THERAPIST,
        "title": "Dr. Okafor: integration sessions",
        "description": "Individual integration sessions between treatments.",
        "schedule": "Mondays and Thursdays",
    },
    {
        "kind": Resource.Kind.MEDITATION,
        "title": "Ten-minute breath practice",
        "description": "A short guided practice you can do at home each morning.",
    },
    {
        "kind": Resource.Kind.READING,
        "title": "Reading list: integration after treatment",
        "description": "Gentle books and articles about making meaning after a session, "
        "chosen by our team.",
    },
]


def give_totp(user: User) -> None:
    Authenticator.objects.update_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}},
    )


def seed(people) -> None:
    Clinic.objects.filter(join_code=DEMO_JOIN_CODE).delete()
    User.objects.filter(email=SECOND_THERAPIST_EMAIL).delete()
    clinic = Clinic.objects.create(
        name=DEMO_CLINIC, time_zone="America/New_York", join_code=DEMO_JOIN_CODE
    )
    okafor = make_user(SECOND_THERAPIST_EMAIL, "Dr. Okafor")
    Membership.objects.create(clinic=clinic, user=people.therapist, role="therapist")
    Membership.objects.create(clinic=clinic, user=okafor, role="therapist")
    Membership.objects.create(clinic=clinic, user=people.clinic_admin, role="admin")
    for user in (people.therapist, okafor, people.clinic_admin):
        give_totp(user)
    link = CareLink.objects.create(
        patient=people.patient,
        clinic=clinic,
        consents_to_clinic_reports=True,
        share_measures=True,
        share_checkins=True,
    )
    CareTeamMember.objects.create(link=link, therapist=people.therapist, usually_share=True)
    for resource in RESOURCES:
        Resource.objects.create(clinic=clinic, **resource)


def seed_shares(people) -> None:
    """Runs after the journal and intentions demo data exist."""
    patient, therapist = people.patient, people.therapist
    now = timezone.now()
    entries = list(Entry.objects.for_owner(patient).order_by("-created")[:3])
    for entry in entries:
        Share.objects.create(
            owner=patient,
            recipient=therapist,
            entry=entry,
            created=entry.created + timedelta(hours=1),
        )
    intention = Intention.objects.for_owner(patient).order_by("order", "created").first()
    if intention:
        Share.objects.create(owner=patient, recipient=therapist, intention=intention)
    sessions = list(TreatmentSession.objects.for_owner(patient).order_by("date"))
    if sessions:
        Share.objects.create(owner=patient, recipient=therapist, session=sessions[-1])
    if entries:
        entry = entries[-1]
        Share.objects.filter(entry=entry).update(read_at=now)
        body = (
            "Thank you for sharing this. I noticed how often you came back to *feeling held*. "
            "Could we spend some time on that next week?"
        )
        Reflection.objects.create(
            entry=entry,
            therapist=therapist,
            author=therapist,
            body=body,
            body_html=render_markdown(body),
            created=now - timedelta(days=1),
        )
        reply = "Yes, I'd like that. It felt new to me."
        Reflection.objects.create(
            entry=entry,
            therapist=therapist,
            author=patient,
            body=reply,
            body_html=render_markdown(reply),
            created=now - timedelta(hours=20),
        )
        for action, item in ((AccessEvent.Action.VIEW, entry), (AccessEvent.Action.REFLECT, entry)):
            AccessEvent.objects.create(
                actor=therapist,
                actor_label=f"{therapist.display_name} ({therapist.email})",
                patient=patient,
                action=action,
                item_type="entry",
                item_id=str(item.pk),
                at=now - timedelta(days=1),
            )
    if sessions:
        session = sessions[0]
        invite, _token = SupportInvite.issue(
            patient=patient,
            session=session,
            email=people.support_person.email,
            accepted_at=session.date - timedelta(days=1),
            support_person=people.support_person,
        )
        for offset, text in (
            (1, 'You said: "it feels like the room is breathing with me."'),
            (2, "You smiled a lot near the end and asked for the window to be opened."),
        ):
            SupportNote.objects.create(
                invite=invite,
                author=people.support_person,
                body=text,
                body_html=render_markdown(text),
                created=session.date + timedelta(minutes=20 * offset),
            )
