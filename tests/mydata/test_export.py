import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from mydata.models import DataExport
from tests.helpers import PASSWORD, client_for, reauthenticated_client
from tests.mydata.factories import UNICODE, make_journal

pytestmark = pytest.mark.django_db


def start_export(client):
    response = client.post(reverse("mydata:export_start"))
    assert response.status_code == 302
    return DataExport.objects.latest("created")


def test_export_builds_a_zip_with_markdown_and_json(people):
    make_journal(people.alice)
    client = reauthenticated_client(people.alice)
    export = start_export(client)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    status_page = client.get(reverse("mydata:export_status", args=[export.pk]))
    assert b"Download the zip" in status_page.content

    response = client.get(reverse("mydata:export_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "journal.json" in names
    entry_files = [n for n in names if n.startswith("entries/")]
    assert len(entry_files) == 2
    text = archive.read(next(n for n in entry_files if "after-the-first-session" in n)).decode()
    assert text.startswith("---\n")
    assert 'phase: "after"' in text
    assert 'session: "Session 1"' in text
    assert '"Grief 🌊"' in text
    assert UNICODE in text
    data = json.loads(archive.read("journal.json"))
    assert data["format"] == "integration-journal-export"
    assert {e["title"] for e in data["entries"]} == {"After the first session MARKER", "Between"}
    assert data["intentions"][0]["actions"][0]["text"] in {"Walk daily", "Stretch"}
    assert any(n.startswith("intentions/") for n in names)


def test_export_holds_only_the_owners_data(people):
    make_journal(people.alice, marker="ALICE")
    make_journal(people.bob, marker="BOB")
    client = reauthenticated_client(people.alice)
    export = start_export(client)
    content = client.get(reverse("mydata:export_download", args=[export.pk])).content
    archive = zipfile.ZipFile(io.BytesIO(content))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"ALICE" in everything
    assert b"BOB" not in everything


def test_a_stranger_cannot_see_or_download_an_export(people):
    export = start_export(reauthenticated_client(people.alice))
    bob = client_for(people.bob)
    assert bob.get(reverse("mydata:export_status", args=[export.pk])).status_code == 404
    assert bob.get(reverse("mydata:export_download", args=[export.pk])).status_code == 404


def test_expired_exports_are_gone(people):
    client = reauthenticated_client(people.alice)
    export = start_export(client)
    DataExport.objects.filter(pk=export.pk).update(expires_at=export.created)
    assert client.get(reverse("mydata:export_download", args=[export.pk])).status_code == 404


def test_export_views_require_login_and_the_right_method(client, people):
    export = start_export(reauthenticated_client(people.alice))
    for url in (
        reverse("mydata:my_data"),
        reverse("mydata:export_status", args=[export.pk]),
        reverse("mydata:export_download", args=[export.pk]),
    ):
        assert client.get(url).status_code == 302
    alice = client_for(people.alice)
    assert alice.get(reverse("mydata:export_start")).status_code == 405
    assert alice.post(reverse("mydata:my_data")).status_code == 405
    assert alice.post(reverse("mydata:export_download", args=[export.pk])).status_code == 405


def test_my_data_page_lists_recent_exports(people):
    client = reauthenticated_client(people.alice)
    start_export(client)
    page = client.get(reverse("mydata:my_data"))
    assert page.status_code == 200
    assert b"Ready" in page.content
    assert "no-store" in page["Cache-Control"]


def test_an_export_whose_worker_died_ends_as_failed_with_a_way_to_try_again(people):
    from integration_journal.background import STALLED_AFTER

    client = reauthenticated_client(people.alice)
    export = start_export(client)
    assert export.started_at is not None
    now = timezone.now()
    DataExport.objects.filter(pk=export.pk).update(
        status=DataExport.Status.RUNNING, started_at=now - STALLED_AFTER - dt.timedelta(seconds=5)
    )
    recent = DataExport.objects.create(
        owner=people.alice,
        status=DataExport.Status.RUNNING,
        started_at=now,
        expires_at=export.expires_at,
    )
    page = client.get(reverse("mydata:export_status", args=[export.pk])).content.decode()
    assert "stopped part-way" in page and "Try again" in page
    assert "refreshes by itself" not in page
    recent_page = client.get(reverse("mydata:export_status", args=[recent.pk])).content
    assert b"refreshes by itself" in recent_page
    DataExport.objects.filter(pk=recent.pk).update(started_at=now - 2 * STALLED_AFTER)
    client.get(reverse("mydata:my_data"))
    assert DataExport.objects.get(pk=recent.pk).status == DataExport.Status.FAILED


def test_starting_an_export_asks_for_the_password_then_carries_on(people):
    client = client_for(people.alice)  # signed in, but not just now
    response = client.post(reverse("mydata:export_start"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not DataExport.objects.filter(owner=people.alice).exists()
    form = client.get(response.url)
    assert 'name="next"' in form.content.decode()  # the form carries where to go on
    confirmed = client.post(response.url, {"password": PASSWORD}, follow=True)
    export = DataExport.objects.get(owner=people.alice)  # the suspended request went on
    assert confirmed.redirect_chain[-1][0] == reverse("mydata:export_status", args=[export.pk])
