import pytest
from django.urls import reverse

from tests.helpers import client_for

pytestmark = pytest.mark.django_db
URL = reverse("accounts:settings")


def test_it_works(people):
    client = client_for(people.alice)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"display_name": "Ali 🌿", "time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    people.alice.refresh_from_db()
    assert people.alice.display_name == "Ali 🌿"
    assert people.alice.time_zone == "Asia/Tokyo"


def test_it_requires_login(client):
    assert client.get(URL).status_code == 302


def test_it_rejects_wrong_method(people):
    assert client_for(people.alice).put(URL).status_code == 405


def test_bad_time_zone_shows_an_error(people):
    response = client_for(people.alice).post(URL, {"display_name": "A", "time_zone": "Mars/Base"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_nul_character_is_refused_with_a_message(people):
    response = client_for(people.alice).post(URL, {"display_name": "A\x00B", "time_zone": "UTC"})
    assert response.status_code == 200
    assert b"cannot be stored" in response.content or b"Null characters" in response.content
    people.alice.refresh_from_db()
    assert people.alice.display_name == "Alice"


def test_too_long_name_is_refused(people):
    response = client_for(people.alice).post(URL, {"display_name": "x" * 101, "time_zone": "UTC"})
    assert response.status_code == 200
    assert b"at most 100 characters" in response.content


def test_the_page_offers_the_device_zone_through_a_script_without_changing_the_saved_one(people):
    page = client_for(people.alice).get(URL).content.decode()
    assert 'data-device-time-zone="suggest"' in page
    assert "/static/js/timezone" in page
    assert 'value="Etc/GMT+5"' not in page


def test_a_saved_zone_no_longer_offered_is_kept_and_described_by_its_offset(people):
    people.alice.time_zone = "Etc/GMT+5"
    people.alice.save()
    client = client_for(people.alice)
    page = client.get(URL).content.decode()
    assert '<option value="Etc/GMT+5" selected>UTC−05:00 (Etc/GMT+5)</option>' in page
    response = client.post(URL, {"display_name": "Alice B", "time_zone": "Etc/GMT+5"})
    assert response.status_code == 302
    people.alice.refresh_from_db()
    assert (people.alice.display_name, people.alice.time_zone) == ("Alice B", "Etc/GMT+5")
