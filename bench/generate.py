"""The benchmark's data set at a scale: many people, one patient with a long history, and a
therapist and a clinic admin whose pages read it.

At scale 1: 1,000 people (three entries and one session each); the measured patient with 2,000
entries, 60 sessions, 40 themes, a year of daily check-ins and fortnightly questionnaires, 300
entries shared with the therapist (100 with reflections) and 3,000 access-log events; the
therapist has 4 patients. Everything that counts grows with the scale: at 10, 10,000 people,
20,000 entries, 600 sessions, 400 themes, ten years, 40 patients.

Rows are written with bulk_create, so no model save() runs: the fields save() or the views derive
(body_html, excerpt) are filled here with the app's own functions, once per distinct text.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from care.models import (
    AccessEvent,
    CareLink,
    CareTeamMember,
    Clinic,
    Membership,
    Reflection,
    Share,
)
from integration_journal.markdown import plain_excerpt, render_markdown
from intentions.models import Action, Intention, Review
from journal.models import Entry, Theme, TreatmentSession
from measures.instruments import score_response
from measures.models import Response
from practices.catalogue import ensure_catalogue
from practices.models import CheckIn, PracticeLog
from tests.helpers import enable_totp

WORDS = (
    "lake light breath father morning tea grief body hope anger kindness music walk sleep "
    "river fear child warmth tired calm door window friend work rest garden"
).split()
PASSWORD = make_password("bench-password", hasher="md5")
BATCH = 2000
# Distinct entry bodies in the measured journal; entries reuse them, so each is rendered once.
DISTINCT_BODIES = 400


BASE = {
    "people": 1000,
    "entries": 2000,
    "sessions": 60,
    "themes": 40,
    "days": 365,  # of daily check-ins and fortnightly questionnaires
    "patients": 4,  # of the therapist, the measured patient among them
    "shares": 300,
    "reflections": 100,
    "access_events": 3000,
}


def sizes(scale: int) -> SimpleNamespace:
    """What the data set holds at `scale` times the base size."""
    return SimpleNamespace(**{name: count * scale for name, count in BASE.items()})


@dataclass
class People:
    patient: User
    therapist: User
    admin: User
    clinic: Clinic


def text(rng, words: int) -> str:
    sentences = []
    while words > 0:
        n = min(words, rng.randint(6, 16))
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
        words -= n
    return " ".join(sentences)


def rendered(source: str) -> tuple[str, str, str]:
    """A body as the editor stores it: the source, its HTML and the card's excerpt."""
    html = render_markdown(source)
    return source, html, plain_excerpt(html)


def make_person(index: int) -> User:
    return User(
        email=f"patient{index}@bench.invalid",
        display_name=f"Patient {index}",
        password=PASSWORD,
        time_zone="UTC",
    )


@transaction.atomic
def generate(*, scale: int = 1, seed: int = 1) -> People:
    rng = random.Random(seed)  # noqa: S311
    size = sizes(scale)
    now = timezone.now()
    users = User.objects.bulk_create([make_person(i) for i in range(size.people)], batch_size=BATCH)
    patient = users[0]
    small_journals(users[1:], now)
    journal = long_journal(patient, size, rng, now)
    intentions(patient, rng, now)
    check_ins_and_questionnaires(patient, size, rng, now)
    return care(patient, users[1 : size.patients], journal, size, now)


def small_journals(users, now):
    """Everyone else: one session and three entries."""
    sessions = TreatmentSession.objects.bulk_create(
        [TreatmentSession(owner=u, number=1, date=now - dt.timedelta(days=10)) for u in users],
        batch_size=BATCH,
    )
    body, html, excerpt = rendered("A few words about today. It was **calm**.")
    Entry.objects.bulk_create(
        [
            Entry(
                owner=s.owner,
                session=s,
                phase="after",
                title="Small",
                body=body,
                body_html=html,
                excerpt=excerpt,
            )
            for s in sessions
            for _ in range(3)
        ],
        batch_size=BATCH,
    )


def long_journal(patient, size, rng, now) -> list[Entry]:
    """The measured patient's journal: sessions every 11 days, an entry every 8 hours, each
    entry with one to three themes."""
    sessions = TreatmentSession.objects.bulk_create(
        [
            TreatmentSession(
                owner=patient,
                number=n + 1,
                date=now - dt.timedelta(days=(size.sessions - n) * 11 + 40),
                mood_before=rng.randint(1, 6),
                mood_after=rng.randint(4, 9),
            )
            for n in range(size.sessions)
        ],
        batch_size=BATCH,
    )
    themes = Theme.objects.bulk_create(
        [Theme(owner=patient, name=f"theme {i}", slug=f"theme-{i}") for i in range(size.themes)],
        batch_size=BATCH,
    )
    bodies = [rendered(text(rng, rng.randint(80, 400))) for _ in range(DISTINCT_BODIES)]
    entries = []
    for n in range(size.entries):
        created = now - dt.timedelta(hours=n * 8)
        body, html, excerpt = rng.choice(bodies)
        entries.append(
            Entry(
                owner=patient,
                session=rng.choice(sessions) if rng.random() < 0.6 else None,
                phase=rng.choice(Entry.Phase.values),
                title=text(rng, 4)[:80],
                body=body,
                body_html=html,
                excerpt=excerpt,
                emotions=rng.sample(["calm", "sad", "hopeful", "tired"], 2),
                insight=text(rng, 8),
                created=created,
                updated=created,
                happened_at=created,
            )
        )
    entries = Entry.objects.bulk_create(entries, batch_size=BATCH)
    Through = Entry.themes.through
    Through.objects.bulk_create(
        [Through(entry=e, theme=t) for e in entries for t in rng.sample(themes, rng.randint(1, 3))],
        batch_size=BATCH,
    )
    return entries


def intentions(patient, rng, now):
    """Six intentions with five steps each and a review a month."""
    made = Intention.objects.bulk_create(
        [
            Intention(
                owner=patient,
                title=f"Intention {i}",
                success_looks_like=(source := text(rng, 30)),
                success_looks_like_html=render_markdown(source),
                order=i,
            )
            for i in range(6)
        ]
    )
    Action.objects.bulk_create(
        [Action(intention=i, text=f"Step {n}", order=n) for i in made for n in range(5)]
    )
    note, note_html, _ = rendered("ok")
    Review.objects.bulk_create(
        [
            Review(
                intention=i,
                progress=rng.randint(0, 10),
                note=note,
                note_html=note_html,
                created=now - dt.timedelta(days=d),
            )
            for i in made
            for d in range(0, 300, 30)
        ]
    )


def check_ins_and_questionnaires(patient, size, rng, now):
    """A check-in every day with two practices, PHQ-9 and GAD-7 every fortnight."""
    catalogue = list(ensure_catalogue().values())
    check_ins = CheckIn.objects.bulk_create(
        [
            CheckIn(
                owner=patient,
                date=now.date() - dt.timedelta(days=d),
                mood=rng.randint(2, 9),
                sleep_hours=Decimal("7.0"),
            )
            for d in range(size.days)
        ],
        batch_size=BATCH,
    )
    PracticeLog.objects.bulk_create(
        [
            PracticeLog(check_in=c, practice=p, minutes=15)
            for c in check_ins
            for p in rng.sample(catalogue, 2)
        ],
        batch_size=BATCH,
    )
    Response.objects.bulk_create(
        [
            Response(
                owner=patient,
                created=now - dt.timedelta(days=d),
                **score_response(code, [rng.randint(0, 2) for _ in range(items)]),
            )
            for d in range(0, size.days, 14)
            for code, items in (("phq9", 9), ("gad7", 7))
        ],
        batch_size=BATCH,
    )


def care(patient, others, journal, size, now) -> People:
    """A clinic with a therapist (who has the measured patient and `others` as patients) and an
    admin; the measured patient shares entries, some with reflections, and has a long access log;
    the other patients share their three entries."""
    therapist = User.objects.create_user(
        "therapist@bench.invalid", "x", display_name="Dr. B", time_zone="UTC"
    )
    admin = User.objects.create_user(
        "admin@bench.invalid", "x", display_name="Clinic admin", time_zone="UTC"
    )
    for staff in (therapist, admin):
        enable_totp(staff)  # staff pages ask for two-factor sign-in
    clinic = Clinic.objects.create(name="Bench clinic")
    Membership.objects.bulk_create(
        [
            Membership(clinic=clinic, user=therapist, role=Membership.Role.THERAPIST),
            Membership(clinic=clinic, user=admin, role=Membership.Role.ADMIN),
        ]
    )
    patients = [patient, *others]
    links = CareLink.objects.bulk_create(
        [
            CareLink(
                patient=p,
                clinic=clinic,
                share_measures=True,
                share_checkins=True,
                consents_to_clinic_reports=True,
            )
            for p in patients
        ]
    )
    CareTeamMember.objects.bulk_create(
        [CareTeamMember(link=link, therapist=therapist) for link in links]
    )
    shared = journal[: size.shares]
    others_entries = list(Entry.objects.filter(owner__in=others))
    Share.objects.bulk_create(
        [Share(owner=e.owner, recipient=therapist, entry=e) for e in shared + others_entries],
        batch_size=BATCH,
    )
    body, html, _ = rendered("What did you notice in your **body**?")
    Reflection.objects.bulk_create(
        [
            Reflection(
                entry=e,
                patient_id=e.owner_id,
                therapist=therapist,
                author=therapist,
                body=body,
                body_html=html,
            )
            for e in shared[: size.reflections]
        ],
        batch_size=BATCH,
    )
    AccessEvent.objects.bulk_create(
        [
            AccessEvent(
                actor=therapist,
                actor_label="Dr. B",
                patient=patient,
                action="view",
                item_type="entry",
                item_id=str(shared[n % len(shared)].pk),
                at=now - dt.timedelta(minutes=10 * n),
            )
            for n in range(size.access_events)
        ],
        batch_size=BATCH,
    )
    return People(patient=patient, therapist=therapist, admin=admin, clinic=clinic)
