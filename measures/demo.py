"""Demo questionnaires every two weeks, slowly improving (no positive item 9): the PHQ-9 and
GAD-7, the PCL-5 crossing below its provisional threshold and the PEG easing; the demo patient
tracks all four."""

import datetime as dt

from django.utils import timezone

from measures.instruments import INSTRUMENTS, score_response
from measures.models import Response, TrackedMeasures

PHQ9 = [
    [2, 3, 2, 3, 1, 2, 2, 1, 0],
    [2, 2, 2, 2, 1, 2, 2, 1, 0],
    [1, 2, 2, 2, 1, 1, 1, 1, 0],
    [1, 1, 1, 2, 1, 1, 1, 0, 0],
    [1, 1, 1, 1, 0, 1, 1, 0, 0],
    [0, 1, 1, 1, 0, 0, 1, 0, 0],
]
GAD7 = [
    [2, 2, 3, 2, 1, 2, 2],
    [2, 2, 2, 2, 1, 1, 2],
    [1, 2, 2, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 0, 1, 0],
    [0, 1, 1, 1, 0, 0, 0],
]
# Totals 46, 42, 37, 33, 29, 26: intrusions, being on guard and sleep ease last.
PCL5 = [
    [3, 2, 2, 3, 2, 3, 3, 1, 2, 2, 3, 2, 3, 2, 2, 0, 3, 3, 2, 3],
    [3, 2, 2, 3, 2, 3, 2, 1, 2, 2, 3, 2, 2, 2, 2, 0, 3, 2, 2, 2],
    [2, 2, 1, 3, 2, 2, 2, 1, 2, 1, 2, 2, 2, 2, 2, 0, 3, 2, 2, 2],
    [2, 1, 1, 2, 2, 2, 2, 1, 2, 1, 2, 1, 2, 2, 2, 0, 2, 2, 2, 2],
    [2, 1, 1, 2, 1, 2, 2, 1, 1, 1, 2, 1, 2, 1, 2, 0, 2, 2, 1, 2],
    [2, 1, 1, 2, 1, 1, 2, 1, 1, 1, 2, 1, 1, 1, 2, 0, 2, 2, 1, 1],
]
# Pain, enjoyment, activity: means 6.3, 5.7, 5.0, 4.3, 3.7, 3.3.
PEG = [[6, 6, 7], [6, 5, 6], [5, 5, 5], [5, 4, 4], [4, 4, 3], [4, 3, 3]]


def seed(people) -> None:
    now = timezone.now()
    TrackedMeasures.objects.update_or_create(
        owner=people.patient, defaults={"codes": list(INSTRUMENTS), "updated": now}
    )
    answers = {"phq9": PHQ9, "gad7": GAD7, "pcl5": PCL5, "peg": PEG}
    for index in range(len(PHQ9)):
        when = now - dt.timedelta(days=70 - index * 13)
        for code, rows in answers.items():
            Response.objects.create(
                owner=people.patient, created=when, **score_response(code, rows[index])
            )
