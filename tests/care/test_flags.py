"""PHQ-9 item-9 flags follow what the patient was told when answering; a flag carries what the
clinician needs; acknowledging records what was done; unacknowledged flags escalate once."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from care.escalation import SUBJECT, escalate_due_flags
from care.models import AccessEvent, FlagEscalation, FlagFollowUp
from integration_journal.templatetags.dates import day
from measures.models import Response
from outbox.models import OutgoingMail
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

FLAG_TITLE = "Needs your attention"


def answer_phq9(patient, item9=1, rest=1):
    """Answer the PHQ-9 through the form, as the patient does; returns the saved response."""
    data = {f"item_{n}": rest for n in range(1, 9)} | {"item_9": item9}
    reply = client_for(patient).post(reverse("measures:take", args=["phq9"]), data)
    assert reply.status_code == 302
    return Response.objects.for_owner(patient).order_by("-created").first()


def set_sharing(world, on: bool, earlier: bool = False):
    data = {f"{world.link.pk}-share_measures": "on"} if on else {}
    if earlier:
        data[f"{world.link.pk}-share_earlier_measures"] = "on"
    reply = client_for(world.alice).post(reverse("care:consents", args=[world.link.pk]), data)
    assert reply.status_code == 302
    world.link.refresh_from_db()
    return client_for(world.alice).get(reply["Location"]).content.decode()


def dashboard(world) -> str:
    return client_for(world.therapist).get(reverse("care:dashboard")).content.decode()


def patient_page(world) -> str:
    url = reverse("care:patient", args=[world.alice.pk])
    return client_for(world.therapist).get(url).content.decode()


def result_page(world, response) -> str:
    url = reverse("measures:result", args=[response.pk])
    return client_for(world.alice).get(url).content.decode()


def test_an_answer_given_while_shared_is_flagged_and_says_so(world):
    response = answer_phq9(world.alice)
    assert response.flag_state == "flagged"
    page = result_page(world, response)
    assert "this answer is flagged for Dr. N and Dr. T" in page
    assert FLAG_TITLE in dashboard(world)


def test_a_private_answer_never_becomes_an_alert_when_sharing_is_turned_on(world):
    set_sharing(world, on=False)
    response = answer_phq9(world.alice)
    assert response.flag_state == "private"
    promise = "It will never be sent to anyone as an alert"
    assert promise in result_page(world, response)
    assert FLAG_TITLE not in dashboard(world)

    set_sharing(world, on=True)
    assert FLAG_TITLE not in dashboard(world)
    # Not shared at all: earlier results stay with the patient unless she chooses otherwise.
    assert "Every result" not in patient_page(world)
    assert promise in result_page(world, response)  # the result page still tells the truth


def test_sharing_earlier_results_shows_them_but_raises_no_alert(world):
    set_sharing(world, on=False)
    answer_phq9(world.alice, item9=2)
    set_sharing(world, on=True, earlier=True)
    assert world.link.measures_shared_since is None
    page = patient_page(world)
    assert "Every result" in page and "Above 0, given while not shared" in page
    assert "Item 9 answered above 0" not in page
    assert FLAG_TITLE not in dashboard(world)


def test_the_consent_screen_says_earlier_question_9_answers_would_be_seen(world):
    world.link.share_measures = False
    world.link.save()
    page = client_for(world.alice).get(reverse("care:index")).content.decode()
    assert "Also share my earlier results" in page
    assert "including any earlier answers to question 9" in page
    assert "will not be sent to anyone as an alert" in page


def test_turning_sharing_off_removes_pending_flags_and_on_again_does_not_bring_them_back(world):
    response = answer_phq9(world.alice)
    assert FLAG_TITLE in dashboard(world)
    set_sharing(world, on=False)
    assert FLAG_TITLE not in dashboard(world)
    url = reverse("care:acknowledge", args=[response.pk])
    assert client_for(world.therapist).get(url).status_code == 404
    set_sharing(world, on=True, earlier=True)
    assert FLAG_TITLE not in dashboard(world)
    # The patient's own page keeps what she was told then.
    assert "This answer was flagged for your care team when you gave it" not in result_page(
        world, response
    )  # sharing is on again: she is told who is on the team
    # A new answer given now is a flag again.
    answer_phq9(world.alice)
    assert FLAG_TITLE in dashboard(world)


def test_result_page_after_sharing_stopped_says_the_team_no_longer_sees_it(world):
    response = answer_phq9(world.alice)
    set_sharing(world, on=False)
    assert "You no longer share your questionnaires" in result_page(world, response)


def test_the_flag_shows_total_band_answer_change_date_and_chart_link(world):
    client = client_for(world.alice)
    client.post(reverse("measures:take", args=["phq9"]), {f"item_{n}": 0 for n in range(1, 10)})
    Response.objects.update(created=timezone.now() - dt.timedelta(days=7))
    response = answer_phq9(world.alice, item9=2, rest=1)  # 8 + 2 = 10
    page = dashboard(world)
    assert "10 of 27" in page
    assert "Moderate" in page
    assert "More than half the days" in page  # item 9 in words
    assert "10 points higher" in page
    shown = timezone.localtime(response.created, ZoneInfo(world.therapist.time_zone or "UTC"))
    assert f'<time datetime="{shown.isoformat()}">' in page
    assert reverse("care:patient", args=[world.alice.pk]) + "#measures-title" in page


def test_acknowledging_records_what_was_done(world):
    response = answer_phq9(world.alice)
    url = reverse("care:acknowledge", args=[response.pk])
    client = client_for(world.therapist)
    form = client.get(url)
    assert form.status_code == 200
    assert "What did you do?" in form.content.decode()

    missing = client.post(url, {})
    assert missing.status_code == 400
    assert "Please tick at least one thing you did." in missing.content.decode()
    other = client.post(url, {"steps": ["other"], "note": "  "})
    assert other.status_code == 400
    assert "Please say in a few words what you did." in other.content.decode()
    response.refresh_from_db()
    assert response.flag_acknowledged_at is None

    done = client.post(url, {"steps": ["contacted", "safety_plan"], "note": "Called, ok."})
    assert done["Location"] == reverse("care:patient", args=[world.alice.pk])
    follow_up = FlagFollowUp.objects.get(response=response)
    assert follow_up.therapist == world.therapist
    assert follow_up.steps == ["contacted", "safety_plan"]
    response.refresh_from_db()
    assert response.flag_acknowledged_by == world.therapist
    assert FLAG_TITLE not in dashboard(world)
    page = patient_page(world)
    assert "Contacted the patient, Reviewed the safety plan" in page and "Called, ok." in page
    log = client_for(world.alice).get(reverse("care:access_log")).content.decode()
    assert "Dr. T (therapist@example.org)" in log
    assert f"Reviewed your answer of {day(response.created)}<" in log
    assert "Called, ok." not in log
    assert AccessEvent.objects.filter(action="acknowledge", item_id=str(response.pk)).count() == 1
    # Once acknowledged it is gone for the team: a second POST finds nothing.
    assert client.post(url, {"steps": ["session"]}).status_code == 404


def test_acknowledge_refuses_strangers_colleagues_anonymous_and_wrong_methods(world, client):
    response = answer_phq9(world.alice)
    url = reverse("care:acknowledge", args=[response.pk])
    for person in (world.bob, world.colleague, world.friend, world.admin):
        assert client_for(person).get(url).status_code == 404
        assert client_for(person).post(url, {"steps": ["other"], "note": "x"}).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert client_for(world.therapist).put(url).status_code == 405
    response.refresh_from_db()
    assert response.flag_acknowledged_at is None


def _contact(world):
    world.clinic.safety_contacts.add(world.admin)
    return world.admin


def test_an_unacknowledged_flag_escalates_once_after_the_clinic_period(world):
    contact = _contact(world)
    response = answer_phq9(world.alice)
    assert escalate_due_flags(now=timezone.now() + dt.timedelta(hours=23)) == 0
    assert not OutgoingMail.objects.exists()

    later = timezone.now() + dt.timedelta(hours=25)
    assert escalate_due_flags(now=later) == 1
    row = OutgoingMail.objects.get()
    assert row.to == contact.email and row.subject == SUBJECT
    (sent,) = mail.outbox
    assert sent.to == [contact.email] and sent.subject == SUBJECT
    for private in ("Alice", "PHQ", "question 9", str(response.total), "dead"):
        assert private not in sent.body
    assert reverse("care:dashboard") in sent.body
    assert FlagEscalation.objects.filter(response=response, clinic=world.clinic).count() == 1
    # Never repeated.
    assert escalate_due_flags(now=later + dt.timedelta(days=3)) == 0
    assert OutgoingMail.objects.count() == 1
    # The contact sees who needs a follow-up, and the care team, not the answer.
    page = client_for(contact).get(reverse("care:dashboard")).content.decode()
    assert "Escalated to you" in page and "Alice" in page and "Dr. T" in page
    assert "of 27" not in page


def test_the_command_escalates_with_the_clinics_own_period(world, monkeypatch):
    _contact(world)
    world.clinic.flag_escalation_hours = 2
    world.clinic.save()
    response = answer_phq9(world.alice)
    Response.objects.filter(pk=response.pk).update(created=timezone.now() - dt.timedelta(hours=3))
    call_command("escalate_flags")
    assert OutgoingMail.objects.filter(subject=SUBJECT).count() == 1


def test_a_one_hour_period_is_one_hour_in_the_mail_and_the_command_counts_one_flag(world):
    _contact(world)
    world.clinic.flag_escalation_hours = 1
    world.clinic.save()
    response = answer_phq9(world.alice)
    Response.objects.filter(pk=response.pk).update(created=timezone.now() - dt.timedelta(hours=2))
    out = io.StringIO()
    call_command("escalate_flags", stdout=out)
    assert out.getvalue().strip() == "1 flag escalated."
    (sent,) = mail.outbox
    assert "has waited more than 1 hour for a follow-up" in sent.body
    assert "1 hours" not in sent.body


def test_acknowledged_private_or_unshared_flags_never_escalate(world):
    _contact(world)
    later = timezone.now() + dt.timedelta(hours=25)
    acknowledged = answer_phq9(world.alice)
    Response.objects.filter(pk=acknowledged.pk).update(flag_acknowledged_at=timezone.now())
    set_sharing(world, on=False)
    answer_phq9(world.alice)  # private
    assert escalate_due_flags(now=later) == 0
    set_sharing(world, on=True, earlier=True)
    assert escalate_due_flags(now=later) == 0


def test_without_safety_contacts_the_clinic_admins_are_emailed(world):
    answer_phq9(world.alice)
    escalate_due_flags(now=timezone.now() + dt.timedelta(hours=25))
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [world.admin.email]


def test_the_clinic_sets_its_period_and_safety_contacts(world):
    url = reverse("care:clinic_edit", args=[world.clinic.pk])
    client = client_for(world.admin)
    assert "Safety contacts" in client.get(url).content.decode()
    base = {"name": "Riverside", "time_zone": "America/New_York", "crisis_resources": ""}
    bad = client.post(url, base | {"flag_escalation_hours": "0"})
    assert bad.status_code == 200 and "Use at least 1 hour." in bad.content.decode()
    outsider = client.post(url, base | {"safety_contacts": [str(world.bob.pk)]})
    assert outsider.status_code == 200
    client.post(
        url, base | {"flag_escalation_hours": "12", "safety_contacts": [str(world.therapist.pk)]}
    )
    world.clinic.refresh_from_db()
    assert world.clinic.flag_escalation_hours == 12
    assert list(world.clinic.safety_contacts.all()) == [world.therapist]


def test_an_imported_item9_answer_is_never_a_flag(world):
    import uuid

    from mydata.importer import apply_import

    row = {"id": str(uuid.uuid4()), "instrument": "phq9", "answers": [0] * 8 + [3]}
    apply_import(world.alice, {"version": 1, "measures": [row]})
    assert Response.objects.get(owner=world.alice).flag_state == "private"
    assert FLAG_TITLE not in dashboard(world)
