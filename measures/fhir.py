"""Questionnaires as FHIR R4: a `collection` Bundle for clinical records.

`questionnaire_bundle(patient, responses, generated_at)` is a pure function: it reads the
responses it is given (whoever chose them: the patient's own, or what care/access.py lets a
care-team member see) and returns a dict ready for `json.dumps`. It queries nothing and decides
nothing about access.

The Bundle holds:
- one `Patient` with only what the app holds (the account's id, display name and email);
- one `QuestionnaireResponse` per answered questionnaire (US Core QuestionnaireResponse
  profile), its items keyed by their LOINC code where LOINC defines one, the answers as LOINC
  answer codes where LOINC defines them, the wording as the patient saw it;
- one `Observation` per total score (category `survey`), derived from its response.

Every code below was looked up before it was written here; docs/fhir.md says where. Where no
code could be confirmed the item, answer or score goes out as text only, never with a guess.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from measures.instruments import GAD7, INSTRUMENTS, MEAN, PCL5, PEG, PHQ9

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
US_CORE_QR = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-questionnaireresponse"
US_CORE_SCREENING = (
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-screening-assessment"
)
MEDIA_TYPE = "application/fhir+json"

# LOINC answer list LL358-3, the PHQ-9 and GAD-7 frequency scale.
FREQUENCY_ANSWERS = {
    0: ("LA6568-5", "Not at all"),
    1: ("LA6569-3", "Several days"),
    2: ("LA6570-1", "More than half the days"),
    3: ("LA6571-9", "Nearly every day"),
}


@dataclass(frozen=True)
class Coding:
    """What LOINC says about one questionnaire: its panel (the Questionnaire's canonical), the
    code of each item in order, the answer codes by value, and the code of the score."""

    panel: str = ""
    items: tuple[str, ...] = ()
    answers: dict | None = None
    score_code: str = ""
    score_display: str = ""
    score_text: str = ""


CODINGS = {
    PHQ9.code: Coding(
        panel="44249-1",
        items=(
            "44250-9",
            "44255-8",
            "44259-0",
            "44254-1",
            "44251-7",
            "44258-2",
            "44252-5",
            "44253-3",
            "44260-8",
        ),
        answers=FREQUENCY_ANSWERS,
        score_code="44261-6",
        score_display="Patient health questionnaire 9 item total score",
        score_text="PHQ-9 total score",
    ),
    GAD7.code: Coding(
        panel="69737-5",
        items=("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
        answers=FREQUENCY_ANSWERS,
        score_code="70274-6",
        score_display="Generalized anxiety disorder 7 item (GAD-7) total score",
        score_text="GAD-7 total score",
    ),
    # The panel and the score are LOINC's; its item and answer codes could not be confirmed, so
    # items and answers go out as text.
    PCL5.code: Coding(
        panel="101697-1",
        score_code="101698-9",
        score_display="PTSD PCL-5 score",
        score_text="PCL-5 total score",
    ),
    # No LOINC code for the PEG could be confirmed: text only, with the app's own canonical.
    PEG.code: Coding(score_text="PEG score (mean of three 0–10 ratings)"),
}

assert set(CODINGS) == set(INSTRUMENTS), "every questionnaire needs a row in CODINGS"
assert all(
    not c.items or len(c.items) == len(INSTRUMENTS[code].items) for code, c in CODINGS.items()
)


def questionnaire_canonical(code: str) -> str:
    """The Questionnaire a response answers: LOINC's form for a LOINC panel, otherwise a name
    of the app's own (there is no published FHIR Questionnaire for it)."""
    panel = CODINGS[code].panel
    if panel:
        return f"{LOINC}/q/{panel}"
    return f"urn:integration-journal:questionnaire:{code}"


def _urn(value) -> str:
    return f"urn:uuid:{value}"


def _observation_id(response) -> uuid.UUID:
    """A stable id for the score of one response: the same download twice names it the same."""
    return uuid.uuid5(uuid.UUID(str(response.pk)), "total-score")


def _instant(moment) -> str:
    return moment.isoformat(timespec="seconds")


def patient_resource(patient) -> dict:
    resource = {"resourceType": "Patient", "id": str(patient.pk)}
    if patient.display_name:
        resource["name"] = [{"text": patient.display_name}]
    if patient.email:
        resource["telecom"] = [{"system": "email", "value": patient.email}]
    return resource


def _answer(spec, coding: Coding, value: int) -> dict:
    if spec.anchors:  # a 0–10 rating: the number is the answer
        return {"valueInteger": value}
    if coding.answers and value in coding.answers:
        code, display = coding.answers[value]
        return {"valueCoding": {"system": LOINC, "code": code, "display": display}}
    return {"valueCoding": {"display": dict(spec.answers)[value]}}


def questionnaire_response(response, patient_ref: str) -> dict:
    spec = response.spec
    coding = CODINGS[response.instrument]
    items = []
    for index, (text, value) in enumerate(zip(spec.items, response.answers, strict=True)):
        link_id = coding.items[index] if coding.items else f"{spec.code}-{index + 1}"
        items.append({"linkId": link_id, "text": text, "answer": [_answer(spec, coding, value)]})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.pk),
        "meta": {"profile": [US_CORE_QR]},
        "questionnaire": questionnaire_canonical(response.instrument),
        "status": "completed",
        "subject": {"reference": patient_ref},
        "author": {"reference": patient_ref},
        "source": {"reference": patient_ref},
        "authored": _instant(response.created),
        "item": items,
    }


def score_observation(response, patient_ref: str, response_ref: str) -> dict:
    spec = response.spec
    coding = CODINGS[response.instrument]
    code = {"text": coding.score_text}
    if coding.score_code:
        code["coding"] = [
            {"system": LOINC, "code": coding.score_code, "display": coding.score_display}
        ]
    observation = {
        "resourceType": "Observation",
        "id": str(_observation_id(response)),
        "meta": {"profile": [US_CORE_SCREENING]},
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": code,
        "subject": {"reference": patient_ref},
        "effectiveDateTime": _instant(response.created),
        "performer": [{"reference": patient_ref}],
        "derivedFrom": [{"reference": response_ref}],
    }
    score = response.score
    if spec.scoring == MEAN:
        observation["valueQuantity"] = {
            "value": float(Decimal(score)),
            "unit": "{score}",
            "system": UCUM,
            "code": "{score}",
        }
    else:
        observation["valueInteger"] = int(score)
    return observation


def questionnaire_bundle(patient, responses, generated_at) -> dict:
    """The Bundle for `patient` holding exactly `responses` (oldest first)."""
    patient_ref = _urn(patient.pk)
    entries = [{"fullUrl": patient_ref, "resource": patient_resource(patient)}]
    for response in sorted(responses, key=lambda r: (r.created, str(r.pk))):
        if response.owner_id != patient.pk:
            raise ValueError("every response must be the patient's own")
        response_ref = _urn(response.pk)
        entries.append(
            {"fullUrl": response_ref, "resource": questionnaire_response(response, patient_ref)}
        )
        entries.append(
            {
                "fullUrl": _urn(_observation_id(response)),
                "resource": score_observation(response, patient_ref, response_ref),
            }
        )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(generated_at),
        "entry": entries,
    }


def filename(day) -> str:
    """`questionnaires-fhir-2026-03-01.json`, dated with the day it was made."""
    return f"questionnaires-fhir-{day:%Y-%m-%d}.json"
