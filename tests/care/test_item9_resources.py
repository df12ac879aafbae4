"""The crisis resources beside PHQ-9 question 9: in the page from the start (hidden until
static/js/item9.js reveals them), shown at once when the form comes back with question 9
answered above 0, and always on the result page (which needs no JavaScript)."""

import re

import pytest
from django.urls import reverse

from care.models import Clinic
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

PANEL = re.compile(r"<aside [^>]*data-item9-resources[^>]*>")


def test_the_phq9_form_holds_the_clinics_resources_hidden_beside_question_9(world):
    Clinic.objects.filter(pk=world.clinic.pk).update(
        crisis_resources="Riverside night line | Call us any time | tel:+15550100"
    )
    page = client_for(world.alice).get(reverse("measures:take", args=["phq9"])).content.decode()
    (tag,) = PANEL.findall(page)
    assert " hidden" in tag
    assert "Riverside night line" in page
    assert page.index('name="item_9"') < page.index("data-item9-resources")
    assert "js/item9" in page
    assert "<script>" not in page  # no inline script: the module is a static file


def test_other_questionnaires_have_no_item9_panel(people):
    page = client_for(people.alice).get(reverse("measures:take", args=["gad7"])).content.decode()
    assert not PANEL.findall(page)
    assert "js/item9" not in page


def test_a_form_shown_again_with_question_9_above_0_shows_the_resources(people):
    url = reverse("measures:take", args=["phq9"])
    page = client_for(people.alice).post(url, {"item_9": "2"}).content.decode()
    (tag,) = PANEL.findall(page)
    assert " hidden" not in tag
    zero = client_for(people.alice).post(url, {"item_9": "0"}).content.decode()
    assert " hidden" in PANEL.findall(zero)[0]


def test_without_javascript_the_result_page_shows_them(people):
    url = reverse("measures:take", args=["phq9"])
    data = {f"item_{n}": 0 for n in range(1, 9)} | {"item_9": 1}
    result = client_for(people.alice).post(url, data, follow=True).content.decode()
    assert "You're not alone. Please reach out now." in result
    assert "988" in result
