import datetime as dt
import http.server
import io
import threading
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from care.models import AccessEvent
from reports.archive import stream_zip
from reports.models import ReportFile
from reports.tasks import render_report
from tests.care.conftest import make_entry
from tests.helpers import client_for, query_count

pytestmark = pytest.mark.django_db
ALL = ["intentions", "sessions", "themes", "measures", "practices", "support_notes", "entries"]
SHARED = [s for s in ALL if s != "support_notes"]  # what a therapist's report may hold
CLINIC = [s for s in SHARED if s not in ("themes", "entries")]  # clinic staff off the team


def request_report(client, url, entries=(), **extra):
    today = timezone.localdate()
    data = {
        "start": (today - dt.timedelta(days=30)).isoformat(),
        "end": today.isoformat(),
        "sections": ALL,
        "entries": [str(e.pk) for e in entries],
        **extra,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    return ReportFile.objects.latest("created")


def zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def pdf_text(client, report_file) -> str:
    response = client.get(reverse("reports:download", args=[report_file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title.startswith("Progress summary")
    return "\n".join(page.extract_text() for page in reader.pages)


def test_patient_report_holds_sections_and_only_chosen_entries(world):
    chosen = make_entry(world.alice, title="Chosen entry", body="The lake was warm")
    make_entry(world.alice, title="Unchosen entry", body="Kept out of the report")
    client = client_for(world.alice)
    assert client.get(reverse("reports:create")).status_code == 200
    report_file = request_report(client, reverse("reports:create"), entries=[chosen])
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.READY, report_file.error
    text = pdf_text(client, report_file)
    for heading in ("Intentions", "Sessions", "Themes", "Questionnaires", "Selected entries"):
        assert heading in text
    assert "Be gentle with myself" in text
    assert "The lake was warm" in text
    assert "Unchosen entry" not in text
    assert "Page 1 of" in text


def test_therapist_report_never_holds_a_private_entry(world):
    client = client_for(world.therapist)
    url = reverse("reports:create_for", args=[world.alice.pk])
    page = client.get(url)
    assert b"Shared entry" in page.content
    assert b"Private entry" not in page.content
    # A tampered request for the private entry's id is refused outright.
    today = timezone.localdate().isoformat()
    tampered = client.post(
        url,
        {
            "start": "2026-01-01",
            "end": today,
            "sections": SHARED,
            "entries": [str(world.private_entry.pk)],
        },
    )
    assert b"Select a valid choice" in tampered.content
    assert not ReportFile.objects.exists()
    report_file = request_report(client, url, entries=[world.entry], sections=SHARED)
    text = pdf_text(client, report_file)
    assert "Shared entry" in text
    assert "Private entry" not in text
    assert "Nobody may read this" not in text
    assert AccessEvent.objects.filter(
        patient=world.alice, actor=world.therapist, action="export"
    ).exists()


def test_clinic_admin_needs_the_patients_consent(world):
    client = client_for(world.admin)
    url = reverse("reports:create_for", args=[world.alice.pk])
    assert client.get(url).status_code == 404
    world.link.consents_to_clinic_reports = True
    world.link.save()
    assert client.get(url).status_code == 200
    page = client.get(url).content.decode()
    assert "Shared entry" not in page  # no entry to pick: clinic staff see no journal text
    report_file = request_report(client, url, sections=CLINIC)
    assert "entries" not in report_file.scope["sections"]
    text = pdf_text(client, report_file)
    assert "Shared entry" not in text
    assert "Private entry" not in text


def test_downloads_end_when_access_ends(world):
    from care.models import CareTeamMember

    client = client_for(world.therapist)
    url = reverse("reports:create_for", args=[world.alice.pk])
    report_file = request_report(client, url, entries=[world.entry], sections=SHARED)
    download = reverse("reports:download", args=[report_file.pk])
    assert client.get(download).status_code == 200
    assert (
        AccessEvent.objects.filter(
            actor=world.therapist, patient=world.alice, action=AccessEvent.Action.EXPORT
        ).count()
        == 2
    )  # the request and the download
    CareTeamMember.objects.filter(therapist=world.therapist).delete()
    assert client.get(download).status_code == 404


def test_strangers_and_colleagues_get_404(world):
    url = reverse("reports:create_for", args=[world.alice.pk])
    for person in (world.bob, world.colleague, world.friend):
        assert client_for(person).get(url).status_code == 404
        assert client_for(person).post(url, {"start": "2026-01-01"}).status_code == 404


def test_download_and_status_are_for_the_requester_only(world):
    report_file = request_report(client_for(world.alice), reverse("reports:create"))
    for person in (world.bob, world.therapist):
        client = client_for(person)
        for name in ("status", "download", "preview"):
            assert client.get(reverse(f"reports:{name}", args=[report_file.pk])).status_code == 404


def test_reports_expire_after_24_hours(world):
    client = client_for(world.alice)
    report_file = request_report(client, reverse("reports:create"))
    lifetime = report_file.expires_at - report_file.created
    assert abs(lifetime - dt.timedelta(hours=24)) < dt.timedelta(seconds=5)
    ReportFile.objects.filter(pk=report_file.pk).update(expires_at=timezone.now())
    assert client.get(reverse("reports:download", args=[report_file.pk])).status_code == 404
    client.get(reverse("reports:index"))  # purges expired files
    assert not ReportFile.objects.filter(pk=report_file.pk).exists()


def test_preview_uses_the_same_template(world):
    client = client_for(world.alice)
    report_file = request_report(client, reverse("reports:create"), entries=[world.entry])
    page = client.get(reverse("reports:preview", args=[report_file.pk]))
    assert page.status_code == 200
    assert b"Progress summary" in page.content
    assert b"Secret words about my mother" in page.content
    assert b"report--screen" in page.content


def test_bad_dates_show_an_error(world):
    response = client_for(world.alice).post(
        reverse("reports:create"), {"start": "2026-05-01", "end": "2026-01-01", "sections": ALL}
    )
    assert response.status_code == 200
    assert b"start date is after the end date" in response.content


def test_login_and_methods(client, world):
    report_file = request_report(client_for(world.alice), reverse("reports:create"))
    for url in (
        reverse("reports:index"),
        reverse("reports:create"),
        reverse("reports:download", args=[report_file.pk]),
    ):
        assert client.get(url).status_code == 302
    alice = client_for(world.alice)
    assert alice.post(reverse("reports:download", args=[report_file.pk])).status_code == 405
    assert alice.post(reverse("reports:index")).status_code == 405
    assert alice.put(reverse("reports:create")).status_code == 405


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"x")

    def log_message(self, *args):
        pass


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_rendering_fetches_nothing_from_outside(world, tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"http://127.0.0.1:{server.server_port}"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET FILE")
    from reports.pdf import render_pdf

    html = (
        f'<html><body><img src="{host}/pixel.png"><img src="file://{secret}">'
        f'<link rel="stylesheet" href="{host}/x.css"><iframe src="file://{secret}"></iframe>'
        f'<p style="background: url({host}/bg.png)">hello</p>'
        f'<object data="file://{secret}"></object></body></html>'
    )
    try:
        pdf = render_pdf(html)
    finally:
        server.shutdown()
    assert Recorder.hits == []
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "TOP SECRET" not in text
    assert "hello" in text


def test_fetcher_serves_only_our_static_files():
    from reports.pdf import BASE_URL, static_path

    assert static_path(BASE_URL + "static/css/print.css")
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1/x",
        BASE_URL + "static/../manage.py",
        BASE_URL + "static/%2e%2e/manage.py",
        BASE_URL + "media/x.png",
    ):
        assert static_path(url) is None


def test_the_fonts_reach_each_render_decompressed_once():
    from fontTools.ttLib import TTFont

    from reports.pdf import BASE_URL, make_fetcher, static_bytes

    url = BASE_URL + "static/fonts/source-serif-4/source-serif-4-latin-400-normal.woff2"
    response = make_fetcher().fetch(url)
    body = response.read()
    assert body[:4] in (b"\x00\x01\x00\x00", b"OTTO")  # a plain font, no longer WOFF2
    assert TTFont(io.BytesIO(body))["name"].getDebugName(1) == "Source Serif 4"
    assert static_bytes.cache_info().currsize >= 1


def test_a_render_that_takes_too_long_fails_clearly(world, monkeypatch):
    import reports.pdf
    import reports.tasks

    def slow(html, images=None):
        import time

        time.sleep(5)
        return b""

    monkeypatch.setattr(reports.pdf, "_render", slow)
    monkeypatch.setattr(
        reports.tasks,
        "render_pdf",
        lambda html, **kw: reports.pdf.render_pdf(html, seconds=1, **kw),
    )
    client = client_for(world.alice)
    report_file = request_report(client, reverse("reports:create"))
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.FAILED
    assert "took longer than 1 seconds" in report_file.error
    assert b"took longer" in client.get(reverse("reports:status", args=[report_file.pk])).content


def test_clinic_batch_makes_one_pdf_per_consenting_patient(world):
    world.link.consents_to_clinic_reports = True
    world.link.save()
    client = client_for(world.admin)
    url = reverse("reports:batch_create", args=[world.clinic.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert str(world.alice).encode() in page.content
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "patients": [world.alice.pk, world.bob.pk],
            "sections": CLINIC,
            "start": (today - dt.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
        },
    )
    assert response.status_code == 302
    status = client.get(response.url)
    assert b"1 of 1 ready" in status.content
    download = client.get(response.url + "download/")
    assert download.streaming and download["Content-Type"] == "application/zip"
    archive = zip_of(download)
    assert len(archive.namelist()) == 1
    assert archive.namelist()[0].endswith(".pdf")
    assert client_for(world.therapist).get(url).status_code == 404
    assert client_for(world.therapist).get(response.url).status_code == 404


def test_a_batch_download_logs_one_export_per_patient_in_one_insert(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from care import audit
    from care.models import CareLink

    world.link.consents_to_clinic_reports = True
    world.link.save()
    CareLink.objects.create(patient=world.bob, clinic=world.clinic, consents_to_clinic_reports=True)
    client = client_for(world.admin)
    today = timezone.localdate()
    batch = client.post(
        reverse("reports:batch_create", args=[world.clinic.pk]),
        {
            "patients": [world.alice.pk, world.bob.pk],
            "sections": CLINIC,
            "start": (today - dt.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
        },
    )
    assert batch.status_code == 302
    before = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).count()
    with CaptureQueriesContext(connection) as queries:
        archive = zip_of(client.get(batch.url + "download/"))
    assert len(archive.namelist()) == 2
    table = AccessEvent._meta.db_table
    inserts = [q for q in queries if q["sql"].startswith(f'INSERT INTO "{table}"')]
    assert len(inserts) == 1
    exports = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT)
    assert exports.count() == before + 2
    assert set(exports.order_by("-id")[:2].values_list("patient", flat=True)) == {
        world.alice.pk,
        world.bob.pk,
    }
    assert not audit.verify_chains().broken


def test_a_batch_zip_reads_each_pdf_only_when_its_turn_comes():
    read = []

    def member(n):
        def load():
            read.append(n)
            return f"PDF {n}".encode() * 1000

        return f"report-{n}.pdf", load

    stream = stream_zip(member(n) for n in range(3))
    first = next(stream)
    assert read == [0] and first.startswith(b"PK")
    rest = b"".join(stream)
    assert read == [0, 1, 2]
    archive = zipfile.ZipFile(io.BytesIO(first + rest))
    assert archive.testzip() is None
    assert archive.read("report-2.pdf") == b"PDF 2" * 1000


def test_preview_query_count_does_not_grow_with_entries(world):
    client = client_for(world.alice)
    entries = [make_entry(world.alice, title=f"E{i}") for i in range(3)]
    report_file = request_report(client, reverse("reports:create"), entries=entries)
    url = reverse("reports:preview", args=[report_file.pk])
    few = query_count(client, url)
    more = [make_entry(world.alice, title=f"M{i}") for i in range(15)]
    ReportFile.objects.filter(pk=report_file.pk).update(
        scope={**report_file.scope, "entry_ids": [str(e.pk) for e in entries + more]}
    )
    assert query_count(client, url) == few


def test_far_future_or_ancient_dates_are_refused_on_the_form(world):
    client = client_for(world.alice)
    for start, end in (("9999-06-01", "9999-12-31"), ("0001-01-01", "0001-12-31")):
        response = client.post(
            reverse("reports:create"), {"start": start, "end": end, "sections": ALL}
        )
        assert response.status_code == 200
        assert "up to a year from today" in response.content.decode()
    assert not ReportFile.objects.exists()


def test_support_notes_the_patient_kept_are_in_their_own_report_only(world):
    from care.models import SupportNote
    from integration_journal.markdown import render_markdown

    body = "You said the music felt like the sea"
    SupportNote.objects.create(
        invite=world.support_invite,
        author=world.friend,
        body=body,
        body_html=render_markdown(body),
        status=SupportNote.Status.KEPT,
    )
    own = request_report(client_for(world.alice), reverse("reports:create"))
    assert body in pdf_text(client_for(world.alice), own)
    # The session is shared with the therapist, but the note never was.
    world.link.consents_to_clinic_reports = True
    world.link.save()
    url = reverse("reports:create_for", args=[world.alice.pk])
    for person in (world.therapist, world.admin):
        client = client_for(person)
        page = client.get(url).content.decode()
        assert "Notes from a support person" not in page
        tampered = client.post(
            url,
            {
                "start": "2026-01-01",
                "end": timezone.localdate(),
                "sections": ["sessions", "support_notes"],
            },
        )
        assert b"Select a valid choice" in tampered.content
        report_file = request_report(client, url, sections=["sessions"])
        assert "IV infusion" in pdf_text(client, report_file)  # the shared session is there
        # Even a stored scope that names the section builds no notes for someone else.
        ReportFile.objects.filter(pk=report_file.pk).update(
            scope={**report_file.scope, "sections": ALL}
        )
        preview = client.get(reverse("reports:preview", args=[report_file.pk])).content.decode()
        assert body not in preview
        assert "Notes from a support person" not in preview


@pytest.mark.parametrize("stage", ["build_progress", "report_html"])
def test_any_failure_ends_as_a_failed_report_with_a_calm_message(world, monkeypatch, caplog, stage):
    import reports.tasks

    def broken(*args, **kwargs):
        raise ValueError("an unexpected bug")

    monkeypatch.setattr(reports.tasks, stage, broken)
    client = client_for(world.alice)
    with caplog.at_level("ERROR", logger="reports.tasks"):
        report_file = request_report(client, reverse("reports:create"))
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.FAILED
    assert report_file.error.startswith("Something went wrong while preparing the report.")
    page = client.get(reverse("reports:status", args=[report_file.pk])).content.decode()
    assert "Please try again" in page
    assert "refreshes by itself" not in page
    assert "an unexpected bug" not in page
    record = next(r for r in caplog.records if r.name == "reports.tasks")
    assert str(report_file.pk) in record.getMessage()
    assert record.exc_info[0] is ValueError


def test_clinic_staff_get_nothing_made_from_entries(world):
    """Alice shared an entry tagged "Grief" with her therapist. The clinic admin, not on her
    team, gets neither the entry nor its themes, however the report is asked for."""
    from journal.models import Theme

    grief = Theme.objects.create(owner=world.alice, name="Grief", slug="grief")
    world.entry.themes.add(grief)
    world.link.consents_to_clinic_reports = True
    world.link.save()
    url = reverse("reports:create_for", args=[world.alice.pk])
    client = client_for(world.admin)
    page = client.get(url).content.decode()
    assert 'value="themes"' not in page and 'value="entries"' not in page
    assert "Entries to include in full" not in page
    today = timezone.localdate()
    month_ago = (today - dt.timedelta(days=30)).isoformat()
    tampered = client.post(
        url,
        {
            "start": month_ago,
            "end": today.isoformat(),
            "sections": ["themes"],
            "entries": [str(world.entry.pk)],
        },
    )
    assert b"Select a valid choice" in tampered.content
    report_file = request_report(client, url, sections=CLINIC)
    assert "Be gentle with myself" in pdf_text(client, report_file)  # the shared intention
    # A stored scope naming every section and the entry still builds none of it.
    ReportFile.objects.filter(pk=report_file.pk).update(
        scope={**report_file.scope, "sections": ALL, "entry_ids": [str(world.entry.pk)]}
    )
    preview = client.get(reverse("reports:preview", args=[report_file.pk])).content.decode()
    assert "Grief" not in preview
    assert 'id="themes"' not in preview and 'id="entries"' not in preview
    assert "Secret words about my mother" not in preview
    # The batch for the clinic holds no themes either.
    batch = client.post(
        reverse("reports:batch_create", args=[world.clinic.pk]),
        {
            "patients": [world.alice.pk],
            "sections": CLINIC,
            "start": month_ago,
            "end": today.isoformat(),
        },
    )
    assert batch.status_code == 302
    archive = zip_of(client.get(batch.url + "download/"))
    reader = PdfReader(io.BytesIO(archive.read(archive.namelist()[0])))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Be gentle with myself" in text and "Grief" not in text
    # Alice's therapist, on her team, still sees the theme of what she shared with them.
    therapist = client_for(world.therapist)
    mine = request_report(therapist, url, entries=[world.entry], sections=SHARED)
    assert "Grief" in pdf_text(therapist, mine)


def test_entry_choices_are_checkboxes_that_keep_their_ticks_when_the_form_comes_back(world):
    chosen = make_entry(world.alice, title="Ticked entry")
    other = make_entry(world.alice, title="Left alone")
    client = client_for(world.alice)
    page = client.get(reverse("reports:create")).content.decode()
    assert f'name="entries" value="{chosen.pk}" id="' in page
    inputs = [part.split(">")[0] for part in page.split('name="entries"')[1:]]
    assert inputs and not any("checked" in tag for tag in inputs)  # none ticked yet
    sections = [part.split('"')[1] for part in page.split('name="sections" value=')[1:]]
    assert sections == ALL  # every section offered, under its own name
    response = client.post(
        reverse("reports:create"),
        {
            "start": "2026-05-01",
            "end": "2026-04-01",
            "sections": ALL,
            "entries": [str(chosen.pk)],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "The start date is after the end date." in page
    ticked = page.split(f'value="{chosen.pk}"')[1].split(">")[0]
    unticked = page.split(f'value="{other.pk}"')[1].split(">")[0]
    assert ticked.endswith(" checked") and "checked" not in unticked
    label_for = ticked.split('id="')[1].split('"')[0]
    assert f'<label for="{label_for}">Ticked entry' in page


def test_a_report_whose_worker_died_ends_as_failed_instead_of_waiting_forever(world):
    from integration_journal.background import STALLED_AFTER

    client = client_for(world.alice)
    report_file = request_report(client, reverse("reports:create"))
    now = timezone.now()
    # Two reports a worker started and then lost (a restart): one just now, one long ago.
    ReportFile.objects.filter(pk=report_file.pk).update(
        status=ReportFile.Status.RUNNING, started_at=now - STALLED_AFTER - dt.timedelta(minutes=1)
    )
    recent = ReportFile.objects.create(
        requester=world.alice,
        patient=world.alice,
        scope=report_file.scope,
        status=ReportFile.Status.RUNNING,
        started_at=now,
        expires_at=report_file.expires_at,
    )
    page = client.get(reverse("reports:status", args=[report_file.pk])).content.decode()
    assert "stopped part-way" in page and "Please try again." in page and "Try again<" in page
    assert "refreshes by itself" not in page
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.FAILED
    still = client.get(reverse("reports:status", args=[recent.pk])).content.decode()
    assert "The report is being prepared. This page refreshes by itself." in still
    recent.refresh_from_db()
    assert recent.status == ReportFile.Status.RUNNING


def test_a_report_running_since_before_start_times_were_kept_fails_by_its_age(world):
    client = client_for(world.alice)
    report_file = request_report(client, reverse("reports:create"))
    long_ago = timezone.now() - dt.timedelta(hours=1)
    ReportFile.objects.filter(pk=report_file.pk).update(
        status=ReportFile.Status.RUNNING, started_at=None, created=long_ago
    )
    client.get(reverse("reports:status", args=[report_file.pk]))
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.FAILED


def test_the_reports_page_shows_a_stalled_report_as_failed(world):
    from integration_journal.background import STALLED_AFTER

    client = client_for(world.alice)
    report_file = request_report(client, reverse("reports:create"))
    ReportFile.objects.filter(pk=report_file.pk).update(
        status=ReportFile.Status.RUNNING, started_at=timezone.now() - 2 * STALLED_AFTER
    )
    client.get(reverse("reports:index"))
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.FAILED


def test_a_finished_report_records_when_it_started(world):
    before = timezone.now()
    report_file = request_report(client_for(world.alice), reverse("reports:create"))
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.READY
    assert before <= report_file.started_at <= timezone.now()


def test_a_report_handed_to_a_second_worker_is_not_rendered_again(world):
    report_file = request_report(client_for(world.alice), reverse("reports:create"))
    ReportFile.objects.filter(pk=report_file.pk).update(status=ReportFile.Status.QUEUED)
    assert render_report.call(str(report_file.pk)) == "ready"
    assert render_report.call(str(report_file.pk)) == "skipped"  # the other worker's turn


def _failed(report_file):
    ReportFile.objects.filter(pk=report_file.pk).update(
        status=ReportFile.Status.FAILED, error="It broke."
    )


def test_try_again_prepares_the_same_report_again_once(world):
    client = client_for(world.alice)
    report_file = request_report(client, reverse("reports:create"), entries=[world.entry])
    _failed(report_file)
    page = client.get(reverse("reports:status", args=[report_file.pk])).content.decode()
    retry = reverse("reports:retry", args=[report_file.pk])
    assert f'action="{retry}"' in page
    response = client.post(retry)
    assert response["Location"] == reverse("reports:status", args=[report_file.pk])
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.READY and report_file.error == ""
    assert "Shared entry" in pdf_text(client, report_file)
    client.post(retry)  # pressed twice, or again from the back button: nothing new starts
    assert ReportFile.objects.count() == 1


def test_try_again_on_a_report_that_did_not_fail_just_shows_it(world):
    client = client_for(world.alice)
    report_file = request_report(client, reverse("reports:create"))
    response = client.post(reverse("reports:retry", args=[report_file.pk]))
    assert response["Location"] == reverse("reports:status", args=[report_file.pk])
    assert ReportFile.objects.get().status == ReportFile.Status.READY


def test_a_therapists_try_again_is_logged_for_the_patient(world):
    therapist = client_for(world.therapist)
    url = reverse("reports:create_for", args=[world.alice.pk])
    report_file = request_report(therapist, url, sections=SHARED)
    _failed(report_file)
    exports = AccessEvent.objects.filter(actor=world.therapist, action="export")
    before = exports.count()
    therapist.post(reverse("reports:retry", args=[report_file.pk]))
    therapist.post(reverse("reports:retry", args=[report_file.pk]))
    assert exports.count() == before + 1
    assert ReportFile.objects.get(pk=report_file.pk).status == ReportFile.Status.READY


def test_try_again_needs_the_access_to_still_hold(world):
    therapist = client_for(world.therapist)
    url = reverse("reports:create_for", args=[world.alice.pk])
    report_file = request_report(therapist, url, sections=SHARED)
    _failed(report_file)
    events = AccessEvent.objects.filter(actor=world.therapist, action="export").count()
    world.link.team.filter(therapist=world.therapist).delete()  # alice took them off her team
    assert therapist.post(reverse("reports:retry", args=[report_file.pk])).status_code == 404
    assert ReportFile.objects.get().status == ReportFile.Status.FAILED
    assert AccessEvent.objects.filter(actor=world.therapist, action="export").count() == events


def test_try_again_is_for_the_requester_only_and_by_post(world):
    report_file = request_report(client_for(world.alice), reverse("reports:create"))
    _failed(report_file)
    url = reverse("reports:retry", args=[report_file.pk])
    assert client_for(world.bob).post(url).status_code == 404
    assert client_for(world.alice).get(url).status_code == 405
    assert ReportFile.objects.count() == 1


def test_a_status_page_that_polls_writes_nothing_while_nothing_is_stalled(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.alice)
    report_file = request_report(client, reverse("reports:create"))
    ReportFile.objects.filter(pk=report_file.pk).update(
        status=ReportFile.Status.RUNNING, started_at=timezone.now()
    )
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("reports:status", args=[report_file.pk]))
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert [sql for sql in writes if "reports_reportfile" in sql] == []


def test_report_holds_pcl5_and_peg_with_the_threshold_and_the_mean(world):
    from measures.instruments import score_response
    from measures.models import Response

    earlier = timezone.now() - dt.timedelta(days=10)
    for values, when in (([2] * 20, earlier), ([1] * 20, timezone.now())):
        Response.objects.create(owner=world.alice, created=when, **score_response("pcl5", values))
    for values, when in (([6, 6, 6], earlier), ([5, 4, 4], timezone.now())):
        Response.objects.create(owner=world.alice, created=when, **score_response("peg", values))
    client = client_for(world.alice)
    report_file = request_report(client, reverse("reports:create"), sections=["measures"])
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.READY, report_file.error
    text = " ".join(pdf_text(client, report_file).split())
    assert "PCL-5 (post-traumatic stress)" in text
    assert "From 40 (at or above the provisional threshold of 33)" in text
    assert "to 20 (below the provisional threshold of 33)" in text
    assert "provisional threshold, not a diagnosis" in text
    assert "PEG (pain)" in text
    assert "From 6.0 on" in text and "to 4.3 on" in text
    assert "a change of -1.7 on the 0–10 mean" in text


def test_an_entry_ticked_before_newer_ones_were_written_is_still_a_valid_choice(world):
    from reports.build import SELECTABLE_ENTRIES

    old = make_entry(
        world.alice,
        title="Ticked early",
        body="The first walk",
        created=timezone.now() - dt.timedelta(days=5),
    )
    client = client_for(world.alice)
    assert b"Ticked early" in client.get(reverse("reports:create")).content
    for number in range(SELECTABLE_ENTRIES):  # written in another tab meanwhile
        make_entry(world.alice, title=f"Newer {number}")
    assert b"Ticked early" not in client.get(reverse("reports:create")).content
    report_file = request_report(client, reverse("reports:create"), entries=[old])
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.READY, report_file.error
    assert "The first walk" in pdf_text(client, report_file)
    # Someone else's entry, or nonsense, is still refused.
    today = timezone.localdate().isoformat()
    for bad in (str(world.private_entry.pk), "not-a-key"):
        page = client_for(world.therapist).post(
            reverse("reports:create_for", args=[world.alice.pk]),
            {"start": "2026-01-01", "end": today, "sections": SHARED, "entries": [bad]},
        )
        assert b"Select a valid choice" in page.content
