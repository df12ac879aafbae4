"""The demo patient answers all four questionnaires, tracks them, and the demo therapist sees
them through the patient's sharing (care.access), not around it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from care import access
from measures.models import Response, tracked_codes
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo")
    return (
        User.objects.get(email="demo@example.org"),
        User.objects.get(email="therapist@example.org"),
    )


def test_the_demo_patient_tracks_and_answers_all_four(demo):
    patient, _ = demo
    assert tracked_codes(patient) == ["phq9", "gad7", "pcl5", "peg"]
    for code in ("phq9", "gad7", "pcl5", "peg"):
        assert Response.objects.for_owner(patient).filter(instrument=code).count() == 6


def test_the_demo_pcl5_and_peg_ease_gently(demo):
    patient, _ = demo
    for code, first, last in (("pcl5", 46, 26), ("peg", 19, 10)):
        totals = list(
            Response.objects.for_owner(patient)
            .filter(instrument=code)
            .order_by("created")
            .values_list("total", flat=True)
        )
        assert totals[0] == first and totals[-1] == last
        assert all(later <= earlier for earlier, later in zip(totals, totals[1:], strict=False))
    pcl5 = Response.objects.for_owner(patient).filter(instrument="pcl5")
    assert {r.summary for r in pcl5} == {
        "at or above the provisional threshold of 33",
        "below the provisional threshold of 33",
    }
    assert not Response.objects.for_owner(patient).filter(item9_positive=True).exists()


@pytest.mark.parametrize("code", ["pcl5", "peg"])
def test_the_demo_history_pages_draw_a_chart(demo, code):
    patient, _ = demo
    response = client_for(patient).get(reverse("measures:history", args=[code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<svg class="chart"' in page
    assert page.count('<circle class="point') == 6
    assert ('class="threshold"' in page) == (code == "pcl5")


def test_the_demo_therapist_sees_them_where_the_patient_shares(demo):
    patient, therapist = demo
    assert access.can_see_measures(therapist, patient)
    shown = set(access.visible_responses(therapist, patient).values_list("instrument", flat=True))
    assert shown == {"phq9", "gad7", "pcl5", "peg"}
    page = client_for(therapist).get(reverse("care:patient", args=[patient.pk])).content.decode()
    for title in ("PHQ-9 totals", "GAD-7 totals", "PCL-5 totals", "PEG scores"):
        assert f"{title} over time" in page


def test_the_demo_therapist_sees_none_once_sharing_is_off(demo):
    patient, therapist = demo
    patient.care_links.update(share_measures=False)
    page = client_for(therapist).get(reverse("care:patient", args=[patient.pk])).content.decode()
    assert "PCL-5 totals over time" not in page and "PEG scores over time" not in page
