"""The FHIR builder (measures/fhir.py): every resource validates as FHIR R4 (fhir.resources'
R4B models, the 4.x line it ships), codes follow LOINC, scores follow the app's own scoring."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from measures import fhir
from measures.instruments import INSTRUMENTS, score_response
from measures.models import Response
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
MODELS = {
    "Patient": Patient,
    "QuestionnaireResponse": QuestionnaireResponse,
    "Observation": Observation,
}
ANSWERS = {
    "phq9": [0, 1, 2, 3, 0, 1, 2, 3, 1],
    "gad7": [3, 2, 1, 0, 3, 2, 1],
    "pcl5": [0, 1, 2, 3, 4] * 4,
    "peg": [7, 4, 6],
}


def respond(user, instrument, values, days_ago=0):
    return Response.objects.create(
        owner=user,
        created=timezone.now() - dt.timedelta(days=days_ago),
        **score_response(instrument, values),
    )


@pytest.fixture
def alice(db):
    return make_user("alice@example.org", "Alice")


@pytest.fixture
def all_four(alice):
    return [
        respond(alice, code, values, days_ago=n) for n, (code, values) in enumerate(ANSWERS.items())
    ]


def bundle_for(patient, responses):
    data = fhir.questionnaire_bundle(patient, responses, NOW)
    # What the views send: JSON text. It must parse back and validate as a whole...
    text = json.dumps(data, ensure_ascii=False)
    Bundle.model_validate_json(text)
    # ...and resource by resource, with the right model for each.
    for entry in data["entry"]:
        resource = entry["resource"]
        MODELS[resource["resourceType"]].model_validate(resource)
    return data


def resources(data, kind):
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_every_resource_validates_and_the_bundle_is_a_collection(alice, all_four):
    data = bundle_for(alice, all_four)
    assert data["type"] == "collection"
    assert data["timestamp"] == "2026-03-01T09:30:00+00:00"
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert kinds.count("Patient") == 1
    assert kinds.count("QuestionnaireResponse") == 4
    assert kinds.count("Observation") == 4
    for entry in data["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"


def test_the_patient_holds_only_what_the_app_holds(alice):
    patient = resources(bundle_for(alice, []), "Patient")[0]
    assert patient == {
        "resourceType": "Patient",
        "id": str(alice.pk),
        "name": [{"text": "Alice"}],
        "telecom": [{"system": "email", "value": "alice@example.org"}],
    }


def test_a_patient_without_a_display_name_has_no_name(db):
    person = make_user("noname@example.org")
    patient = resources(bundle_for(person, []), "Patient")[0]
    assert "name" not in patient and "identifier" not in patient


def test_phq9_items_and_answers_carry_loinc_codes(alice):
    response = respond(alice, "phq9", ANSWERS["phq9"])
    qr = resources(bundle_for(alice, [response]), "QuestionnaireResponse")[0]
    assert qr["meta"]["profile"] == [fhir.US_CORE_QR]
    assert qr["questionnaire"] == "http://loinc.org/q/44249-1"
    assert qr["status"] == "completed"
    assert qr["subject"] == {"reference": f"urn:uuid:{alice.pk}"}
    assert [item["linkId"] for item in qr["item"]] == [
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
    ]
    codes = [item["answer"][0]["valueCoding"]["code"] for item in qr["item"]]
    assert codes == [
        "LA6568-5",
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
        "LA6568-5",
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
        "LA6569-3",
    ]
    first = qr["item"][0]["answer"][0]["valueCoding"]
    assert first == {"system": "http://loinc.org", "code": "LA6568-5", "display": "Not at all"}
    assert [item["text"] for item in qr["item"]] == list(INSTRUMENTS["phq9"].items)


def test_gad7_items_carry_loinc_codes(alice):
    response = respond(alice, "gad7", ANSWERS["gad7"])
    qr = resources(bundle_for(alice, [response]), "QuestionnaireResponse")[0]
    assert qr["questionnaire"] == "http://loinc.org/q/69737-5"
    assert [item["linkId"] for item in qr["item"]] == [
        "69725-0",
        "68509-9",
        "69733-4",
        "69734-2",
        "69735-9",
        "69689-8",
        "69736-7",
    ]
    assert qr["item"][0]["answer"][0]["valueCoding"]["code"] == "LA6571-9"  # 3: nearly every day


def test_pcl5_and_peg_fall_back_to_text_where_no_code_was_confirmed(alice):
    pcl5 = respond(alice, "pcl5", ANSWERS["pcl5"])
    peg = respond(alice, "peg", ANSWERS["peg"], days_ago=1)
    data = bundle_for(alice, [pcl5, peg])
    by_form = {qr["questionnaire"]: qr for qr in resources(data, "QuestionnaireResponse")}
    pcl = by_form["http://loinc.org/q/101697-1"]
    assert pcl["item"][0]["linkId"] == "pcl5-1"
    assert [item["answer"][0]["valueCoding"] for item in pcl["item"][:5]] == [
        {"display": "Not at all"},
        {"display": "A little bit"},
        {"display": "Moderately"},
        {"display": "Quite a bit"},
        {"display": "Extremely"},
    ]
    pain = by_form["urn:integration-journal:questionnaire:peg"]
    assert [item["answer"][0] for item in pain["item"]] == [
        {"valueInteger": 7},
        {"valueInteger": 4},
        {"valueInteger": 6},
    ]
    assert [item["linkId"] for item in pain["item"]] == ["peg-1", "peg-2", "peg-3"]


@pytest.mark.parametrize(
    ("instrument", "code"),
    [("phq9", "44261-6"), ("gad7", "70274-6"), ("pcl5", "101698-9")],
)
def test_total_scores_are_observations_with_the_apps_own_total(alice, instrument, code):
    response = respond(alice, instrument, ANSWERS[instrument])
    data = bundle_for(alice, [response])
    observation = resources(data, "Observation")[0]
    assert observation["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": code,
        "display": fhir.CODINGS[instrument].score_display,
    }
    assert observation["valueInteger"] == response.total
    assert observation["valueInteger"] == sum(ANSWERS[instrument])
    assert observation["category"][0]["coding"][0]["code"] == "survey"
    assert observation["status"] == "final"
    assert observation["effectiveDateTime"] == response.created.isoformat(timespec="seconds")
    assert observation["derivedFrom"] == [{"reference": f"urn:uuid:{response.pk}"}]
    assert observation["subject"] == {"reference": f"urn:uuid:{alice.pk}"}


def test_the_peg_score_is_the_mean_as_a_quantity_without_a_code(alice):
    response = respond(alice, "peg", ANSWERS["peg"])
    observation = resources(bundle_for(alice, [response]), "Observation")[0]
    assert "coding" not in observation["code"]
    assert observation["code"]["text"].startswith("PEG score")
    assert response.score == Decimal("5.7")
    assert observation["valueQuantity"]["value"] == 5.7
    assert observation["valueQuantity"]["code"] == "{score}"
    assert "valueInteger" not in observation


def test_the_same_responses_give_the_same_bundle(alice, all_four):
    assert fhir.questionnaire_bundle(alice, all_four, NOW) == fhir.questionnaire_bundle(
        alice, list(reversed(all_four)), NOW
    )


def test_someone_elses_response_is_refused(alice):
    bob = make_user("bob@example.org", "Bob")
    with pytest.raises(ValueError):
        fhir.questionnaire_bundle(alice, [respond(bob, "phq9", ANSWERS["phq9"])], NOW)


def test_every_questionnaire_has_a_coding_row():
    assert set(fhir.CODINGS) == set(INSTRUMENTS)
