"""Demo practices and ~40 days of check-ins for the demo patient (not every day)."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from practices.catalogue import ensure_catalogue
from practices.models import CheckIn, PracticeChoice, PracticeLog

CHOSEN = ["meditation", "nature", "music", "sleep", "journaling", "loved-one"]
NOTES = [
    "Quiet day.",
    "Hard morning, better afternoon.",
    "Walked by the river.",
    "Played guitar with my daughter.",
    "Tired but okay.",
    "",
]


def seed(people) -> None:
    patient = people.patient
    rng = random.Random(7)  # noqa: S311 - demo data only
    practices = ensure_catalogue()
    for key in CHOSEN:
        PracticeChoice.objects.create(owner=patient, practice=practices[key])
    today = timezone.localdate()
    for days_ago in range(40, -1, -1):
        if rng.random() < 0.25:
            continue  # missed days are part of life
        progress = (40 - days_ago) / 40
        check_in = CheckIn.objects.create(
            owner=patient,
            date=today - dt.timedelta(days=days_ago),
            mood=min(10, max(0, round(3 + 4 * progress + rng.choice([-1, 0, 0, 1])))),
            sleep_hours=Decimal(str(round(5.5 + 2 * progress + rng.choice([-0.5, 0, 0.5]), 1))),
            note=rng.choice(NOTES),
        )
        for key in rng.sample(CHOSEN, k=rng.randint(1, 3)):
            minutes = rng.choice([10, 15, 20, 30]) if key in ("meditation", "nature") else None
            PracticeLog.objects.create(check_in=check_in, practice=practices[key], minutes=minutes)
