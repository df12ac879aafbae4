"""The benchmark's data set is shaped like a real journal: a page that reads a window of time
(the timeline, the calendar, "on this day") must find in it what such a window holds, or the
benchmark times the wrong amount of work."""

import datetime as dt

import pytest
from django.db.models import F, Max, Min
from django.utils import timezone

from bench.generate import generate
from journal.models import Entry

pytestmark = pytest.mark.django_db


def test_the_measured_journal_happened_over_years_as_it_was_written():
    people = generate(scale=1)
    entries = Entry.objects.filter(owner=people.patient)
    span = entries.aggregate(first=Min("happened_at"), last=Max("happened_at"))
    assert span["last"] - span["first"] > dt.timedelta(days=365)
    assert not entries.exclude(happened_at=F("created")).exists()
    assert span["last"] <= timezone.now()
