"""A Spanish patient's progress report reads in Spanish: the HTML the PDF is rendered from has
no visible string of ours that is the same as in English (tests/i18n/visible.py), and the PDF
itself, as its text comes out of it, says its headings and an entry's voice note in Spanish.
The report is the demo patient's (`seed_demo`), with every section and an entry that has a
described photo, a photo with no description and a voice note of two minutes."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from integration_journal.i18n import language_for
from reports.build import SECTIONS, Scope, build_progress
from reports.models import ReportFile
from reports.tasks import report_html
from tests.i18n.pages import CATALOGUE, _attached_entry
from tests.i18n.visible import untranslated, user_content


def _scope(demo) -> Scope:
    entries = [_attached_entry(demo), *demo.patient.entries.order_by("-happened_at")[:4]]
    today = timezone.localdate()
    return Scope(
        start=today - dt.timedelta(days=365),  # the whole demo: sessions, questionnaires, notes
        end=today,
        entry_ids=tuple(dict.fromkeys(str(entry.pk) for entry in entries)),
        sections=tuple(SECTIONS),
    )


def _html(demo, viewer, scope: Scope, language: str) -> str:
    patient = demo.patient
    patient.language = language
    patient.save(update_fields=["language"])
    with timezone.override(patient.time_zone or "UTC"), language_for(patient):
        report = build_progress(viewer=viewer, patient=patient, scope=scope)
        return report_html(report, for_pdf=True)


@pytest.mark.parametrize("role", ["patient", "therapist"])
def test_the_report_html_reads_fully_in_spanish(demo, role):
    scope = _scope(demo)
    viewer = demo.people[role]
    english = _html(demo, viewer, scope, "en")
    spanish = _html(demo, viewer, scope, "es")
    assert '<html lang="es"' in spanish or 'lang="es"' in spanish[:500]
    assert "Voice note, 2 min" in english and "Nota de voz, 2 min" in spanish
    same = untranslated(english, spanish, stored=user_content(CATALOGUE))
    assert not same, f"{len(same)} string(s) of the report read the same in Spanish:\n" + "\n".join(
        f"  {text!r}" for text in same
    )


def test_a_spanish_patients_pdf_reads_in_spanish(demo, client):
    patient = demo.patient
    patient.language = "es"
    patient.save(update_fields=["language"])
    scope = _scope(demo)
    client.force_login(patient)
    response = client.post(
        reverse("reports:create"),
        {
            "start": scope.start.isoformat(),
            "end": scope.end.isoformat(),
            "sections": list(scope.sections),
            "entries": list(scope.entry_ids),
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    report_file = ReportFile.objects.latest("created")
    assert report_file.status == ReportFile.Status.READY, report_file.error
    pdf = client.get(reverse("reports:download", args=[report_file.pk]))
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Nota de voz, 2 min" in text and "Voice note" not in text
    for spanish in ("RESUMEN DE PROGRESO", "Sesiones", "Cuestionarios", "Entradas elegidas"):
        assert spanish in text, spanish
    for english in ("PROGRESS SUMMARY", "Selected entries", "Private health information"):
        assert english not in text, english
