"""A therapist sees the same chart of a patient's answers as the patient and the progress report:
one chart function per kind, the same scale and bands, marked with the sessions the viewer may
see."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.instruments import score_response
from measures.models import Response
from practices.models import CheckIn
from tests.care.conftest import make_session
from tests.helpers import client_for
from tests.reports.test_reports import request_report

pytestmark = pytest.mark.django_db


def answer(patient, instrument, values, *, days_ago):
    return Response.objects.create(
        owner=patient,
        created=timezone.now() - dt.timedelta(days=days_ago),
        **score_response(instrument, values),
    )


def charts(page: bytes) -> list[str]:
    """Each chart's SVG, its per-chart id made comparable."""
    html = page.decode()
    found = re.findall(r'<svg class="chart".*?</svg>', html, re.S)
    return [re.sub(r"chart-[0-9a-f]{10}", "chart-ID", svg) for svg in found]


def y_labels(svg: str) -> list[str]:
    return re.findall(r'<text x="34" y="[^"]*" text-anchor="end" [^>]*>([^<]*)</text>', svg)


def titled(svgs: list[str], title: str) -> str:
    [svg] = [svg for svg in svgs if f">{title}</title>" in svg]
    return svg


@pytest.fixture
def answered(world):
    """Alice answered the PHQ-9 and the GAD-7 three days ago and today; her one session (a day
    ago, shared with the therapist) lies between them."""
    answer(world.alice, "phq9", [2] * 8 + [0], days_ago=3)
    answer(world.alice, "phq9", [1] * 5 + [0] * 4, days_ago=0)
    answer(world.alice, "gad7", [2] * 7, days_ago=3)
    answer(world.alice, "gad7", [1] * 7, days_ago=0)
    answer(world.alice, "pcl5", [2] * 20, days_ago=3)
    answer(world.alice, "pcl5", [1] * 20, days_ago=0)
    answer(world.alice, "peg", [6, 6, 6], days_ago=3)
    answer(world.alice, "peg", [5, 4, 4], days_ago=0)
    return world


@pytest.mark.parametrize(
    ("instrument", "title", "labels", "bands"),
    [
        ("phq9", "PHQ-9 totals over time", ["0", "5", "10", "15", "20", "25"], 5),
        ("gad7", "GAD-7 totals over time", ["0", "3", "6", "9", "12", "15", "18", "21"], 4),
        ("pcl5", "PCL-5 totals over time", ["0", "20", "40", "60", "80"], 0),
        ("peg", "PEG scores over time", ["0", "2", "4", "6", "8", "10"], 0),
    ],
)
def test_the_therapist_sees_the_patients_own_questionnaire_chart(
    answered, instrument, title, labels, bands
):
    own_page = client_for(answered.alice).get(reverse("measures:history", args=[instrument]))
    [own] = charts(own_page.content)
    therapist_page = client_for(answered.therapist).get(
        reverse("care:patient", args=[answered.alice.pk])
    )
    assert therapist_page.status_code == 200
    theirs = titled(charts(therapist_page.content), title)

    assert theirs == own
    assert y_labels(own) == labels
    assert own.count('<rect class="band ') == bands
    assert own.count('class="marker"') == 1  # the shared session, between the two answers
    assert own.count('<line class="threshold"') == (1 if instrument == "pcl5" else 0)


def test_the_therapists_chart_marks_only_the_sessions_shared_with_them(answered):
    make_session(answered.alice, number=2)  # two days ago, not shared
    [own] = charts(
        client_for(answered.alice).get(reverse("measures:history", args=["phq9"])).content
    )
    page = client_for(answered.therapist).get(reverse("care:patient", args=[answered.alice.pk]))
    theirs = titled(charts(page.content), "PHQ-9 totals over time")

    assert own.count('class="marker"') == 2
    assert theirs.count('class="marker"') == 1
    without_markers = re.compile(r'<line class="marker"[^>]*/>')
    assert without_markers.sub("", theirs) == without_markers.sub("", own)
    assert b"Session 2" not in page.content


def test_the_therapists_check_in_charts_mark_only_the_shared_sessions(world):
    world.link.share_checkins = True
    world.link.save()
    today = timezone.localdate()
    for days_ago, mood in ((3, 4), (0, 7)):
        CheckIn.objects.create(
            owner=world.alice, date=today - dt.timedelta(days=days_ago), mood=mood, sleep_hours=7
        )
    make_session(world.alice, number=2)  # two days ago, not shared
    own = charts(client_for(world.alice).get(reverse("practices:overview")).content)
    page = client_for(world.therapist).get(reverse("care:patient", args=[world.alice.pk]))
    theirs = charts(page.content)

    for title in ("Mood over the last 90 days", "Sleep over the last 90 days"):
        assert titled(own, title).count('class="marker"') == 2
        assert titled(theirs, title).count('class="marker"') == 1
    assert b"Session 2" not in page.content


def test_the_progress_report_draws_the_same_questionnaire_chart(answered):
    therapist = client_for(answered.therapist)
    page = therapist.get(reverse("care:patient", args=[answered.alice.pk]))
    on_page = titled(charts(page.content), "PHQ-9 totals over time")
    [own] = charts(
        client_for(answered.alice).get(reverse("measures:history", args=["phq9"])).content
    )

    report_file = request_report(
        therapist, reverse("reports:create_for", args=[answered.alice.pk]), sections=["measures"]
    )
    preview = therapist.get(reverse("reports:preview", args=[report_file.pk]))
    assert preview.status_code == 200
    in_report = titled(charts(preview.content), "PHQ-9 totals over time")

    assert in_report == on_page == own


def test_the_charts_cover_the_last_year_and_the_patient_can_ask_for_every_answer(answered):
    answer(answered.alice, "phq9", [3] * 9, days_ago=400)  # an old, high answer (27)
    history = reverse("measures:history", args=["phq9"])
    own = client_for(answered.alice).get(history).content.decode()
    assert "The last 12 months." in own and 'href="?period=all"' in own
    assert own.count('class="point point--1"') == 2  # the old answer is not drawn
    assert "Since your first answer: 22 points lower" in own  # from the first answer ever (27 → 5)
    everything = client_for(answered.alice).get(history, {"period": "all"}).content.decode()
    assert everything.count('class="point point--1"') == 3
    assert "Every answer." in everything

    page = client_for(answered.therapist).get(reverse("care:patient", args=[answered.alice.pk]))
    html = page.content.decode()
    assert "cover the last 12 months" in html
    assert "Every result of the last 12 months" in html
    [own_chart] = charts(client_for(answered.alice).get(history).content)
    assert titled(charts(page.content), "PHQ-9 totals over time") == own_chart


def test_every_answer_offers_no_way_back_when_nothing_is_older_than_a_year(answered):
    history = reverse("measures:history", args=["phq9"])
    page = client_for(answered.alice).get(history, {"period": "all"}).content.decode()
    assert "Show the last 12 months" not in page
    assert "Show every answer" not in page
