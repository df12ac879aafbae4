"""The care-team therapist's FHIR download of a patient's questionnaires: only what the patient
shares with them (care.access), logged in the patient's access log."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from accounts.models import DeletionRequest
from care import access
from care.models import AccessEvent
from measures.instruments import score_response
from measures.models import Response
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def respond(user, instrument, values, days_ago=0):
    return Response.objects.create(
        owner=user,
        created=timezone.now() - dt.timedelta(days=days_ago),
        **score_response(instrument, values),
    )


def url(world):
    return reverse("care:questionnaires_fhir", args=[world.alice.pk])


def response_ids(download):
    bundle = json.loads(download.content)
    return {
        e["resource"]["id"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    }


def test_the_therapist_downloads_a_valid_bundle(world):
    phq = respond(world.alice, "phq9", [1] * 9)
    gad = respond(world.alice, "gad7", [2] * 7, days_ago=1)
    download = client_for(world.therapist).get(url(world))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/fhir+json"
    assert "no-store" in download["Cache-Control"]
    disposition = download["Content-Disposition"]
    assert disposition.startswith('attachment; filename="questionnaires-fhir-')
    assert disposition.endswith('.json"')
    Bundle.model_validate_json(download.content)
    assert response_ids(download) == {str(phq.pk), str(gad.pk)}
    bundle = json.loads(download.content)
    totals = sorted(
        e["resource"]["valueInteger"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    )
    assert totals == [9, 14]


def test_the_download_is_in_the_patients_access_log(world):
    respond(world.alice, "phq9", [0] * 9)
    before = AccessEvent.objects.filter(patient=world.alice).count()
    client_for(world.therapist).get(url(world))
    events = AccessEvent.objects.filter(patient=world.alice)
    assert events.count() == before + 1
    event = events.latest("id")
    assert (event.actor, event.action) == (world.therapist, AccessEvent.Action.EXPORT)


def test_only_questionnaires_given_since_sharing_began(world):
    respond(world.alice, "phq9", [3] * 9, days_ago=10)
    recent = respond(world.alice, "phq9", [1] * 9)
    world.link.measures_shared_since = timezone.now() - dt.timedelta(days=5)
    world.link.save()
    download = client_for(world.therapist).get(url(world))
    assert response_ids(download) == {str(recent.pk)}


def test_nothing_when_the_patient_does_not_share_questionnaires(world):
    respond(world.alice, "phq9", [1] * 9)
    world.link.share_measures = False
    world.link.save()
    assert client_for(world.therapist).get(url(world)).status_code == 404
    assert not AccessEvent.objects.filter(
        patient=world.alice, action=AccessEvent.Action.EXPORT
    ).exists()


def test_not_while_the_account_is_closing(world):
    respond(world.alice, "phq9", [1] * 9)
    DeletionRequest.objects.create(
        user=world.alice, erase_after=timezone.now() + dt.timedelta(days=7)
    )
    assert client_for(world.therapist).get(url(world)).status_code == 404


@pytest.mark.parametrize("persona", ["bob", "colleague", "admin", "friend"])
def test_others_get_404(world, persona):
    respond(world.alice, "phq9", [1] * 9)
    assert client_for(getattr(world, persona)).get(url(world)).status_code == 404


def test_a_therapist_without_mfa_is_sent_to_set_it_up(world):
    download = client_for(world.nomfa).get(url(world))
    assert download.status_code == 302
    assert download["Location"] == reverse("care:mfa_required")


def test_sign_in_required(client, world):
    download = client.get(url(world))
    assert download.status_code == 302
    assert download["Location"].startswith("/accounts/login/")


def test_only_get(world):
    assert client_for(world.therapist).post(url(world)).status_code == 405


def test_the_patient_page_offers_the_download(world):
    respond(world.alice, "phq9", [1] * 9)
    page = client_for(world.therapist).get(reverse("care:patient", args=[world.alice.pk]))
    assert b"Download questionnaires as FHIR (for clinical records)" in page.content
    assert url(world).encode() in page.content


def test_no_download_button_without_shared_questionnaires(world):
    respond(world.alice, "phq9", [1] * 9)
    world.link.share_measures = False
    world.link.save()
    page = client_for(world.therapist).get(reverse("care:patient", args=[world.alice.pk]))
    assert b"as FHIR" not in page.content


def test_care_access_decides_who_may_export(world):
    assert access.can_export_measures(world.alice, world.alice)
    assert access.can_export_measures(world.therapist, world.alice)
    for persona in ("nomfa", "colleague", "admin", "friend", "bob"):
        assert not access.can_export_measures(getattr(world, persona), world.alice), persona
