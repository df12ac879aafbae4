"""My data: the person's own questionnaires as FHIR, not logged in their access log."""

import json

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from care.models import AccessEvent
from measures.instruments import score_response
from measures.models import Response
from tests.helpers import PASSWORD, client_for, reauthenticated_client

pytestmark = pytest.mark.django_db
URL = "/account/data/questionnaires.fhir.json"


def respond(user, instrument, values):
    return Response.objects.create(owner=user, **score_response(instrument, values))


def test_the_url():
    assert reverse("mydata:questionnaires_fhir") == URL


def test_i_download_my_own_questionnaires(people):
    mine = respond(people.alice, "peg", [5, 6, 7])
    respond(people.bob, "phq9", [3] * 9)
    download = reauthenticated_client(people.alice).get(URL)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/fhir+json"
    assert "no-store" in download["Cache-Control"]
    assert download["Content-Disposition"].startswith('attachment; filename="questionnaires-fhir-')
    Bundle.model_validate_json(download.content)
    bundle = json.loads(download.content)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Patient", "QuestionnaireResponse", "Observation"]
    assert bundle["entry"][0]["resource"]["id"] == str(people.alice.pk)
    assert bundle["entry"][1]["resource"]["id"] == str(mine.pk)
    assert bundle["entry"][2]["resource"]["valueQuantity"]["value"] == float(mine.score)


def test_a_stranger_gets_only_their_own(people):
    respond(people.alice, "phq9", [3] * 9)
    bundle = json.loads(reauthenticated_client(people.bob).get(URL).content)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]
    assert bundle["entry"][0]["resource"]["id"] == str(people.bob.pk)


def test_my_own_download_is_not_logged(people):
    respond(people.alice, "phq9", [1] * 9)
    reauthenticated_client(people.alice).get(URL)
    assert not AccessEvent.objects.filter(patient=people.alice).exists()


def test_sign_in_required(client):
    download = client.get(URL)
    assert download.status_code == 302
    assert download["Location"].startswith("/accounts/login/")


def test_only_get(people):
    assert client_for(people.alice).post(URL).status_code == 405


def test_the_my_data_page_offers_it(people):
    page = client_for(people.alice).get(reverse("mydata:my_data"))
    assert b"Download questionnaires as FHIR (for clinical records)" in page.content
    assert URL.encode() in page.content


def test_the_download_asks_for_the_password_first(people):
    client = client_for(people.alice)
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    confirmed = client.post(response.url, {"password": PASSWORD}, follow=True)
    assert confirmed.redirect_chain[-1][0] == URL
    assert confirmed["Content-Type"].startswith("application/fhir+json")
