"""A patient takes the PCL-5 and the PEG in a real browser, on a phone and a desktop, and reads
their history: no CSP violation, no page error, the threshold line and the 0–10 scale drawn."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from journal.models import TreatmentSession
from measures.instruments import score_response
from measures.models import Response
from tests.e2e.conftest import DESKTOP, PHONE, follow, sign_in
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SHOTS = os.environ.get("MEASURES_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:  # for looking at the pages; never written into the repository
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_a_patient_takes_pcl5_and_peg_and_reads_the_history(tab, live_server, size, viewport):
    patient = make_user("robin@example.org", "Robin")
    earlier = timezone.now() - dt.timedelta(days=20)
    Response.objects.create(owner=patient, created=earlier, **score_response("pcl5", [2] * 20))
    Response.objects.create(owner=patient, created=earlier, **score_response("peg", [7, 6, 7]))
    TreatmentSession.objects.create(
        owner=patient, number=1, date=timezone.now() - dt.timedelta(days=10)
    )
    TreatmentSession.objects.create(
        owner=patient, number=2, date=timezone.now() + dt.timedelta(days=2)
    )
    browser_tab = tab(viewport=viewport)
    page = browser_tab.page
    sign_in(page, live_server.url, "robin@example.org", PASSWORD)

    browser_tab.go("/measures/")
    page.check("input[name=tracked][value=pcl5]")
    page.check("input[name=tracked][value=peg]")
    page.click("text=Save my choice")
    page.wait_for_selector("text=You now track: PHQ-9, GAD-7, PCL-5, PEG.")
    shot(page, f"{size}-index")

    browser_tab.go("/measures/pcl5/take/")
    for number in range(1, 21):
        page.check(f"#id_item_{number}_{1 if number <= 13 else 0}")
    shot(page, f"{size}-pcl5-take")
    page.click("text=See my result")
    page.wait_for_selector("text=13 of 80")
    assert page.is_visible("text=below the provisional threshold of 33")
    shot(page, f"{size}-pcl5-result")
    follow(page, "text=See your history")
    assert page.locator("svg.chart line.threshold").count() == 1
    assert page.locator("svg.chart rect.band").count() == 0
    shot(page, f"{size}-pcl5-history")

    browser_tab.go("/measures/peg/take/")
    for number, value in ((1, 5), (2, 4), (3, 4)):
        page.check(f"#id_item_{number}_{value}")
    shot(page, f"{size}-peg-take")
    page.click("text=See my result")
    page.wait_for_selector("text=4.3 of 10")
    assert page.is_visible("text=2.4 points lower (36 % less)")
    follow(page, "text=See your history")
    assert page.locator("svg.chart circle.point").count() == 2
    shot(page, f"{size}-peg-history")

    session = TreatmentSession.objects.get(owner=patient, number=2)
    browser_tab.go(f"/journal/sessions/{session.pk}/")
    assert page.is_visible("text=PCL-5: 13 of 80")
    assert page.is_visible("text=PEG: 4.3 of 10")
    shot(page, f"{size}-session")
