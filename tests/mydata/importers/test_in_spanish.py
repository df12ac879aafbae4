"""A Spanish reader gets the imports' refusals and report lines in Spanish, through the pages."""

import html
import io
import json

import pytest
from django.urls import reverse

from mydata.export import build_export_data
from mydata.models import PendingImport
from tests.helpers import client_for
from tests.mydata.importers.dayone_files import dayone_entry, dayone_zip, sample_entries
from tests.mydata.test_import import _zip, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(people):
    people.alice.language = "es"
    people.alice.save(update_fields=["language"])
    return client_for(people.alice)


def post_file(client, source: str, content: bytes, name: str):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("mydata:other_import_upload", args=[source]), {"file": file})


def refusal(client, source: str, content: bytes, name: str) -> str:
    response = post_file(client, source, content, name)
    assert response.status_code == 200
    assert not PendingImport.objects.exists()
    return response.context["form"].errors["file"][0]


def test_a_damaged_day_one_zip_is_refused_in_spanish(ana):
    text = refusal(ana, "dayone", b"PK\x03\x04 not really a zip", "Export.zip")
    assert text == "Esto no es un archivo zip, así que no es una exportación de Day One."


def test_a_day_one_entry_with_a_bad_date_is_refused_in_spanish(ana):
    zip_bytes = dayone_zip({"Journal.json": [dayone_entry(creationDate="2024-03-01T08:15:00")]})
    text = refusal(ana, "dayone", zip_bytes, "Export.zip")
    assert text == (
        "La entrada 1 de Journal.json tiene un creationDate sin su zona horaria "
        "(2024-03-01T08:15:00)."
    )


def test_a_file_that_is_not_jrnl_json_is_refused_in_spanish(ana):
    not_json = refusal(ana, "jrnl", b"2024-03-01 09:00 Plain text, not an export.", "j.json")
    assert not_json == "Este archivo no es JSON válido."
    other_json = refusal(ana, "jrnl", json.dumps({"notes": []}).encode(), "j.json")
    assert other_json.startswith("Este archivo no es una exportación de jrnl: no tiene una lista")


def test_an_entry_skipped_at_import_is_named_in_spanish_in_the_report(ana, people):
    entries = [*sample_entries(), dayone_entry(uuid="A1", text="x" * 100_001)]
    preview = post_file(ana, "dayone", dayone_zip({"Journal.json": entries}), "Export.zip")
    assert preview.status_code == 302
    page = html.unescape(ana.get(preview.url).content.decode())
    assert "La entrada 1 no se importó" not in page  # nothing is skipped before the confirm
    report = ana.post(preview.url)
    assert report.status_code == 200
    text = html.unescape(report.content.decode())
    assert "La entrada del 2024-03-01 no se importó: " in text
    assert "was not imported" not in text


def test_the_day_one_page_says_what_comes_in_spanish(ana):
    page = html.unescape(
        ana.get(reverse("mydata:other_import_upload", args=["dayone"])).content.decode()
    )
    assert (
        "Cada entrada llega con su texto, su fecha, sus etiquetas (como temas) y sus fotos." in page
    )
    assert "«Settings → Import/Export»" in page
    assert "Photos, places and weather" not in page


def test_the_apps_own_import_refuses_a_malformed_item_in_spanish(ana, people):
    data = build_export_data(people.alice)
    data["intentions"] = ["not an object"]
    response = upload(ana, _zip({"journal.json": json.dumps(data).encode()}))
    assert response.status_code == 200
    assert not PendingImport.objects.exists()
    text = html.unescape(response.content.decode())
    assert "Intenciones, elemento 1, no es un objeto." in text
