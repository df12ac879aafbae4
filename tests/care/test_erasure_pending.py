"""From the moment a patient schedules the erasure of their account, the care team sees that
the account is closing, reflections are closed and clinic and therapist reports leave the
patient out; signing in again (which cancels the erasure) restores everything."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import DeletionRequest
from care import access
from care.models import Reflection
from mydata.views import GRACE_DAYS
from tests.helpers import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def schedule_erasure(world):
    """What "Delete my account" stores (behind reauthentication, tested in tests/mydata)."""
    when = timezone.now() + dt.timedelta(days=GRACE_DAYS)
    DeletionRequest.objects.create(user=world.alice, erase_after=when)
    return when


def closing_text(when) -> str:
    from integration_journal.templatetags.dates import day

    return f"Account closing on {day(when)}"


def test_care_team_views_show_the_account_is_closing(world):
    when = schedule_erasure(world)
    therapist = client_for(world.therapist)
    dashboard = therapist.get(reverse("care:dashboard")).content.decode()
    assert closing_text(when) in dashboard and f"{when.day}, {when.year}" in dashboard
    page = therapist.get(reverse("care:patient", args=[world.alice.pk])).content.decode()
    assert closing_text(when) in page


def test_reflections_are_closed_while_the_account_is_closing(world):
    schedule_erasure(world)
    therapist = client_for(world.therapist)
    entry_url = reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    page = therapist.get(entry_url).content.decode()
    assert "Leave a reflection" not in page
    assert "reflections are closed" in page
    reflect_url = reverse("care:reflect", args=[world.alice.pk, world.entry.pk])
    reply = therapist.post(reflect_url, {"body": "Thinking of you"}, follow=True)
    assert "account is closing, so reflections are closed. Nothing was saved." in (
        reply.content.decode()
    )
    assert not Reflection.objects.filter(body="Thinking of you").exists()


def test_reports_leave_a_closing_account_out(world):
    world.link.consents_to_clinic_reports = True
    world.link.save()
    schedule_erasure(world)
    assert world.alice not in access.consenting_patients(world.clinic.pk)
    assert world.alice not in access.report_patients_for(world.admin)
    batch = client_for(world.admin).get(reverse("reports:batch_create", args=[world.clinic.pk]))
    assert str(world.alice) not in batch.content.decode()
    create_for = reverse("reports:create_for", args=[world.alice.pk])
    assert client_for(world.therapist).get(create_for).status_code == 404
    assert client_for(world.admin).get(create_for).status_code == 404


def test_cancelling_the_erasure_restores_everything(world):
    world.link.consents_to_clinic_reports = True
    world.link.save()
    schedule_erasure(world)
    # Signing in again cancels the erasure.
    login = Client().post(
        reverse("account_login"), {"login": world.alice.email, "password": PASSWORD}
    )
    assert login.status_code == 302
    assert not DeletionRequest.objects.filter(user=world.alice).exists()
    therapist = client_for(world.therapist)
    assert "Account closing" not in therapist.get(reverse("care:dashboard")).content.decode()
    entry_url = reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    assert "Leave a reflection" in therapist.get(entry_url).content.decode()
    reflect_url = reverse("care:reflect", args=[world.alice.pk, world.entry.pk])
    therapist.post(reflect_url, {"body": "Welcome back"})
    assert Reflection.objects.filter(body="Welcome back").exists()
    assert world.alice in access.consenting_patients(world.clinic.pk)
    create_for = reverse("reports:create_for", args=[world.alice.pk])
    assert therapist.get(create_for).status_code == 200
