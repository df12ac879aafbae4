"""The moment the product is for: a day after a session the patient gets a gentle email, follows
its link on a phone that is not signed in, signs in with a code from a second email (no password)
and lands on the page the first email pointed to."""

import datetime as dt
import re
import zoneinfo
from urllib.parse import urlsplit

import pytest
from django.core import mail

from journal.models import TreatmentSession
from notifications import sender
from tests.e2e.conftest import PHONE, SCREENSHOTS, follow
from tests.helpers import make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).rstrip(".)")


def test_the_24_hour_follow_up_brings_the_patient_back_without_a_password(tab, live_server):
    patient = make_user("robin@example.org", "Robin")
    patient.time_zone = "America/Chicago"
    patient.save()
    # A session today at 10:00 in Chicago; its follow-up is due a day later, at 10:00 there
    # (outside the default quiet hours whatever the time the test runs).
    zone = zoneinfo.ZoneInfo("America/Chicago")
    session_at = dt.datetime.now(zone).replace(hour=10, minute=0, second=0, microsecond=0)
    session = TreatmentSession.objects.create(
        owner=patient, number=1, date=session_at, setting="The quiet room, feeling raw"
    )

    report = sender.send_due(now=session_at + dt.timedelta(days=1, minutes=1))
    assert report.sent == 1
    [follow_up] = mail.outbox
    assert follow_up.to == ["robin@example.org"]
    html = follow_up.alternatives[0].content
    for text in (follow_up.subject, follow_up.body, html):
        assert "feeling raw" not in text and "quiet room" not in text  # no health text leaves
    link = link_in(follow_up)
    assert f"/journal/sessions/{session.pk}/" in link

    browser_tab = tab(viewport=PHONE)
    page = browser_tab.page
    parts = urlsplit(link)
    page.goto(live_server.url + parts.path + (f"?{parts.query}" if parts.query else ""))
    page.wait_for_url("**/accounts/login/**")
    follow(page, "text=Send me a sign-in code")
    page.fill("input[name=email]", "robin@example.org")
    follow(page, "form button[type=submit]")
    code_email = mail.outbox[-1]
    assert code_email is not follow_up
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", code_email.body, re.MULTILINE).group(1)
    page.fill("input[name=code]", code)
    page.screenshot(path=SCREENSHOTS / "follow-up-code-phone.png", full_page=True)
    follow(page, "form button[type=submit]")
    page.wait_for_url(f"**/journal/sessions/{session.pk}/")
    assert "Session 1" in page.content()
    page.screenshot(path=SCREENSHOTS / "follow-up-landed-phone.png", full_page=True)
