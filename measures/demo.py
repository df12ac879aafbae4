"""Demo PHQ-9 and GAD-7 answers every two weeks, slowly improving (no positive item 9)."""

import datetime as dt

from django.utils import timezone

from measures.instruments import score_response
from measures.models import Response

PHQ9 = [
    [2, 3, 2, 3, 1, 2, 2, 1, 0], [2, 2, 2, 2, 1, 2, 2, 1, 0], [1, 2, 2, 2, 1, 1, 1, 1, 0],
    [1, 1, 1, 2, 1, 1, 1, 0, 0], [1, 1, 1, 1, 0, 1, 1, 0, 0], [0, 1, 1, 1, 0, 0, 1, 0, 0],
]  # fmt: skip
GAD7 = [[2, 2, 3, 2, 1, 2, 2], [2, 2, 2, 2, 1, 1, 2], [1, 2, 2, 1, 1, 1, 1],
        [1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 1, 0], [0, 1, 1, 1, 0, 0, 0]]  # fmt: skip


def seed(people) -> None:
    now = timezone.now()
    for index, (phq, gad) in enumerate(zip(PHQ9, GAD7, strict=True)):
        when = now - dt.timedelta(days=70 - index * 13)
        Response.objects.create(owner=people.patient, created=when, **score_response("phq9", phq))
        Response.objects.create(owner=people.patient, created=when, **score_response("gad7", gad))
