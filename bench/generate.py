"""The large data set: many patients, and one with a long journal (2,000 entries)."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from integration_journal.markdown import plain_excerpt, render_markdown
from intentions.models import Action, Intention, Review
from journal.models import Entry, Theme, TreatmentSession
from measures.instruments import score_response
from measures.models import Response
from practices.catalogue import ensure_catalogue
from practices.models import CheckIn, PracticeLog

WORDS = ("lake light breath father morning tea grief body hope anger kindness music walk sleep "
         "river fear child warmth tired calm door window friend work rest garden").split()  # fmt: skip
THEMES = [f"theme {i}" for i in range(40)]
PASSWORD = make_password("bench-password", hasher="md5")


def text(rng, words: int) -> str:
    sentences = []
    while words > 0:
        n = min(words, rng.randint(6, 16))
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
        words -= n
    return " ".join(sentences)


def make_patient(index: int) -> User:
    return User(email=f"patient{index}@bench.invalid", display_name=f"Patient {index}",
                password=PASSWORD, time_zone="UTC")  # fmt: skip


@transaction.atomic
def generate(*, patients: int = 1000, big_entries: int = 2000, seed: int = 1) -> User:
    rng = random.Random(seed)  # noqa: S311
    now = timezone.now()
    users = User.objects.bulk_create([make_patient(i) for i in range(patients)], batch_size=500)
    big = users[0]
    # Everyone else: a small journal (3 entries, 1 session).
    small_sessions = TreatmentSession.objects.bulk_create(
        [TreatmentSession(owner=u, number=1, date=now - dt.timedelta(days=10)) for u in users[1:]],
        batch_size=500,
    )
    body = "A few words about today. It was **calm**."
    html = render_markdown(body)
    Entry.objects.bulk_create(
        [Entry(owner=s.owner, session=s, phase="after", title="Small", body=body, body_html=html,
               excerpt=plain_excerpt(html))
         for s in small_sessions for _ in range(3)], batch_size=1000,
    )  # fmt: skip
    # The big journal.
    sessions = TreatmentSession.objects.bulk_create(
        [
            TreatmentSession(
                owner=big,
                number=n + 1,
                date=now - dt.timedelta(days=700 - n * 11),
                mood_before=rng.randint(1, 6),
                mood_after=rng.randint(4, 9),
            )
            for n in range(60)
        ]  # fmt: skip
    )
    themes = Theme.objects.bulk_create(
        [Theme(owner=big, name=name, slug=name.replace(" ", "-")) for name in THEMES]
    )
    intentions = Intention.objects.bulk_create(
        [
            Intention(
                owner=big,
                title=f"Intention {i}",
                success_looks_like=text(rng, 30),
                success_looks_like_html=render_markdown(text(rng, 30)),
                order=i,
            )
            for i in range(6)
        ]  # fmt: skip
    )
    Action.objects.bulk_create([Action(intention=i, text=f"Step {n}", order=n)
                                for i in intentions for n in range(5)])  # fmt: skip
    Review.objects.bulk_create([Review(intention=i, progress=rng.randint(0, 10), note="ok",
                                       note_html="<p>ok</p>", created=now - dt.timedelta(days=d))
                                for i in intentions for d in range(0, 300, 30)])  # fmt: skip
    entries = []
    for n in range(big_entries):
        created = now - dt.timedelta(hours=n * 8)
        session = rng.choice(sessions) if rng.random() < 0.6 else None
        source = text(rng, rng.randint(80, 400))
        html = render_markdown(source)
        entries.append(Entry(owner=big, session=session, phase=rng.choice(Entry.Phase.values),
                             title=text(rng, 4)[:80], body=source, body_html=html,
                             excerpt=plain_excerpt(html),
                             emotions=rng.sample(["calm", "sad", "hopeful", "tired"], 2),
                             insight=text(rng, 8), created=created, updated=created))  # fmt: skip
    entries = Entry.objects.bulk_create(entries, batch_size=500)
    Through = Entry.themes.through
    Through.objects.bulk_create(
        [Through(entry=e, theme=t) for e in entries for t in rng.sample(themes, rng.randint(1, 3))],
        batch_size=2000,
    )
    catalogue = list(ensure_catalogue().values())
    check_ins = CheckIn.objects.bulk_create(
        [
            CheckIn(
                owner=big,
                date=now.date() - dt.timedelta(days=d),
                mood=rng.randint(2, 9),
                sleep_hours=Decimal("7.0"),
            )
            for d in range(365)
        ]  # fmt: skip
    )
    PracticeLog.objects.bulk_create(
        [PracticeLog(check_in=c, practice=p, minutes=15)
         for c in check_ins for p in rng.sample(catalogue, 2)], batch_size=2000,
    )  # fmt: skip
    Response.objects.bulk_create(
        [
            Response(
                owner=big,
                created=now - dt.timedelta(days=d),
                **score_response(code, [rng.randint(0, 2) for _ in range(size)]),
            )
            for d in range(0, 365, 14)
            for code, size in (("phq9", 9), ("gad7", 7))
        ]  # fmt: skip
    )
    return big
