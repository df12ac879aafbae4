"""Questionnaires in Spanish use the publisher's own Spanish wording (PHQ-9, GAD-7), or stay in
their English wording with a note; the scoring and the stored answers do not change."""

import re

import pytest
from django.urls import reverse

from measures.instruments import GAD7, INSTRUMENTS, PCL5, PEG, PHQ9
from measures.models import Response
from tests.helpers import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return make_user("ana@example.org", "Ana", language="es")


def answers(spec, values):
    return {f"item_{n}": str(v) for n, v in enumerate(values, start=1)}


@pytest.mark.parametrize("spec", [PHQ9, GAD7])
def test_every_published_wording_has_every_item_and_the_same_scale(spec):
    wording = spec.wording("es")
    assert wording.language == "es"
    assert len(wording.items) == len(spec.items)
    assert [value for value, _ in wording.answers] == [value for value, _ in spec.answers]
    assert wording.source.startswith("PHQ Screeners")


def test_english_is_the_original_and_other_languages_fall_back_to_it():
    assert PHQ9.wording("en").items == PHQ9.items
    assert PHQ9.wording("fr").language == "en"
    assert PCL5.wording("es").language == "en"
    assert PEG.wording("es").items == PEG.items


def test_phq9_in_spanish_reads_the_publishers_wording(ana):
    page = client_for(ana).get(reverse("measures:take", args=["phq9"])).content.decode()
    assert "¿qué tan seguido ha tenido molestias debido a los siguientes problemas?" in page
    assert "1. Poco interés o placer en hacer cosas" in page
    assert "9. Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera" in page
    assert "Ningún día" in page and "Casi todos los días" in page
    assert "Little interest or pleasure" not in page
    assert "original English wording" not in page and "inglés" not in page


def test_gad7_in_spanish_reads_the_publishers_wording(ana):
    page = client_for(ana).get(reverse("measures:take", args=["gad7"])).content.decode()
    assert "1. Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta" in page
    assert "Feeling nervous" not in page


@pytest.mark.parametrize("code", ["pcl5", "peg"])
def test_without_a_published_spanish_version_the_items_stay_in_english_and_the_page_says_so(
    ana, code
):
    page = client_for(ana).get(reverse("measures:take", args=[code])).content.decode()
    assert INSTRUMENTS[code].items[0] in page
    assert "se muestra con su redacción original en inglés" in page
    # The English items say they are English, so a screen reader reads them as English.
    assert '<p class="lead" lang="en">' in page
    assert re.search(r'<fieldset[^>]* lang="en">\s*<legend>1\. ', page)


def test_the_english_page_has_no_note():
    user = make_user("sam@example.org", "Sam", language="en")
    page = client_for(user).get(reverse("measures:take", args=["pcl5"])).content.decode()
    assert "original English wording" not in page
    assert '<p class="lead">' in page  # in an English page, nothing to mark


def test_answers_in_spanish_score_exactly_as_in_english(ana):
    values = [0, 1, 2, 3, 0, 1, 2, 3, 1]
    client_for(ana).post(reverse("measures:take", args=["phq9"]), answers(PHQ9, values))
    stored = Response.objects.get(owner=ana)
    assert stored.answers == values
    assert stored.total == sum(values)
    assert stored.band == "Moderate"  # stored in English, translated where shown
    assert stored.item9_positive


def test_a_missing_answer_is_named_in_spanish(ana):
    values = answers(PHQ9, [1] * 8)
    page = client_for(ana).post(reverse("measures:take", args=["phq9"]), values).content.decode()
    assert "Elige una respuesta para la pregunta 9." in page
