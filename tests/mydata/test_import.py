import io
import json
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from integration_journal.templatetags.dates import day
from intentions.models import Intention
from journal.models import Entry, Theme, TreatmentSession
from mydata.export import build_export_data, build_export_zip
from mydata.models import PendingImport
from tests.helpers import client_for
from tests.mydata.factories import make_journal

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name="export.zip"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("mydata:import_upload"), {"archive": file})


def import_archive(client, content: bytes):
    response = upload(client, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response.url)
    assert preview.status_code == 200
    return client.post(response.url)


def comparable(data: dict) -> dict:
    """Everything the person wrote, without ids, times of export and account-specific parts."""

    def strip(rows, *drop):
        return sorted(
            ({k: v for k, v in row.items() if k not in ("id", *drop)} for row in rows),
            key=lambda r: repr(sorted(r.items())),
        )

    themes = {t["id"]: t["name"] for t in data["themes"]}
    intentions = {i["id"]: i["title"] for i in data["intentions"]}
    sessions = {s["id"]: s["number"] for s in data["sessions"]}
    entries = [
        {
            **e,
            "themes": sorted(themes[t] for t in e["themes"]),
            "intentions": sorted(intentions[i] for i in e["intentions"]),
            "session": sessions.get(e["session"]),
        }
        for e in data["entries"]
    ]
    intention_rows = [
        {**i, "actions": strip(i["actions"]), "reviews": strip(i["reviews"])}
        for i in data["intentions"]
    ]
    session_rows = [
        {**s, "intentions": sorted(intentions[i] for i in s["intentions"])}
        for s in data["sessions"]
    ]
    check_ins = [
        {**c, "practices": sorted((p["practice"], p["minutes"]) for p in c["practices"])}
        for c in data["check_ins"]
    ]
    return {
        "chosen_practices": data["chosen_practices"],
        "check_ins": strip(check_ins),
        "measures": strip(data["measures"]),
        "entries": strip(entries, "updated", "version"),
        "intentions": strip(intention_rows, "status_changed_at"),
        "sessions": strip(session_rows, "created"),
        "themes": strip(data["themes"], "created"),
    }


def test_export_then_import_into_a_fresh_account_is_identical(people):
    make_journal(people.alice)
    archive = build_export_zip(people.alice)
    response = import_archive(client_for(people.charlie), archive)
    assert response.status_code == 200
    assert b"Import finished" in response.content
    assert comparable(build_export_data(people.charlie)) == comparable(
        build_export_data(people.alice)
    )
    # Alice's own data is untouched by Charlie's import of the same ids.
    assert Entry.objects.filter(owner=people.alice).count() == 2


def test_importing_twice_creates_no_duplicates(people):
    make_journal(people.alice)
    archive = build_export_zip(people.alice)
    client = client_for(people.charlie)
    import_archive(client, archive)
    counts = [
        m.objects.filter(owner=people.charlie).count()
        for m in (Entry, Intention, TreatmentSession, Theme)
    ]
    response = import_archive(client, archive)
    assert b"already in your account" in response.content
    assert [
        m.objects.filter(owner=people.charlie).count()
        for m in (Entry, Intention, TreatmentSession, Theme)
    ] == counts


def test_reimporting_into_the_same_account_adds_nothing(people):
    make_journal(people.alice)
    before = Entry.objects.filter(owner=people.alice).count()
    import_archive(client_for(people.alice), build_export_zip(people.alice))
    assert Entry.objects.filter(owner=people.alice).count() == before


def test_preview_shows_counts_before_anything_is_written(people):
    make_journal(people.alice)
    client = client_for(people.charlie)
    response = upload(client, build_export_zip(people.alice))
    preview = client.get(response.url).content.decode()
    assert "What this file holds" in preview
    for label in (
        "Intentions",
        "Themes",
        "Treatment sessions",
        "Journal entries",
        "Check-ins",
        "Questionnaires",
    ):
        assert f'<th scope="row">{label}</th>' in preview
    assert "Checkins" not in preview and "Measures" not in preview
    assert f"made on {day(timezone.now())}." in preview
    assert Entry.objects.filter(owner=people.charlie).count() == 0


@pytest.mark.parametrize("stamp", ["not a date", "2025-13-45T10:00:00", 42, None])
def test_preview_of_a_file_with_an_unreadable_export_date_still_opens(people, stamp):
    make_journal(people.alice)
    data = {**build_export_data(people.alice), "exported_at": stamp}
    client = client_for(people.charlie)
    response = upload(client, _zip({"journal.json": json.dumps(data).encode()}))
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert b"made at an unknown date." in preview.content


def test_a_stranger_cannot_open_or_confirm_someone_elses_pending_import(people):
    make_journal(people.alice)
    response = upload(client_for(people.alice), build_export_zip(people.alice))
    bob = client_for(people.bob)
    assert bob.get(response.url).status_code == 404
    assert bob.post(response.url).status_code == 404
    assert Entry.objects.filter(owner=people.bob).count() == 0


def test_import_views_require_login_and_the_right_method(client, people):
    assert client.get(reverse("mydata:import_upload")).status_code == 302
    pending = PendingImport.objects.create(owner=people.alice, data={})
    assert client.get(reverse("mydata:import_preview", args=[pending.pk])).status_code == 302
    alice = client_for(people.alice)
    assert alice.put(reverse("mydata:import_upload")).status_code == 405
    assert alice.delete(reverse("mydata:import_preview", args=[pending.pk])).status_code == 405


def test_every_model_with_an_owner_is_covered_by_the_export():
    """A new model holding a person's writing must be added to the export (and this list)."""
    covered = {
        "intentions.intention",
        "journal.theme",
        "journal.treatmentsession",
        "journal.entry",
        "practices.practice",
        "practices.checkin",
        "measures.response",
        "practices.practicechoice",
        "measures.trackedmeasures",
        "journal.attachment",
    }
    owned = {
        m._meta.label_lower
        for m in apps.get_models()
        if any(f.name == "owner" and f.is_relation for f in m._meta.get_fields())
    }
    not_personal = {"mydata.dataexport", "mydata.pendingimport", "care.share", "reports.reportfile"}
    # Numbers the database keeps from the entries and shares (journal.themes.rebuild_counts).
    not_personal |= {
        "journal.themepaircount",
        "journal.sharedentrycount",
        "journal.sharedsessioncount",
        "journal.sharedthemecount",
        "journal.sharedthemepaircount",
    }
    assert owned - covered - not_personal == set()


def _zip(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_theme_without_a_slug_gets_the_journals_own_slug_even_for_an_emoji(people):
    """A hand-written file may leave slugs out: "🌊" gets its own theme page, as in the form."""
    data = build_export_data(people.alice)
    data["themes"] = [
        {"id": "7d2b7f8e-0000-4000-8000-000000000001", "name": "🌊"},
        {"id": "7d2b7f8e-0000-4000-8000-000000000002", "name": "Calm Water"},
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("journal.json", json.dumps(data))
    client = client_for(people.charlie)
    assert b"Import finished" in import_archive(client, buffer.getvalue()).content
    themes = dict(Theme.objects.filter(owner=people.charlie).values_list("name", "slug"))
    assert themes == {"🌊": "emoji-1f30a", "Calm Water": "calm-water"}
    page = client.get(reverse("journal:theme_detail", args=["emoji-1f30a"]))
    assert page.status_code == 200
    assert "🌊" in page.content.decode()


def test_pcl5_and_peg_survive_export_and_import(people):
    from measures.instruments import score_response
    from measures.models import Response

    Response.objects.create(owner=people.alice, **score_response("pcl5", [3] * 10 + [1] * 10))
    Response.objects.create(owner=people.alice, **score_response("peg", [5, 4, 4]))
    archive = build_export_zip(people.alice)
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        rows = json.loads(zipped.read("journal.json"))["measures"]
    assert {(r["instrument"], r["total"], r["score"], r["band"]) for r in rows} == {
        ("pcl5", 40, "40", ""),
        ("peg", 13, "4.3", ""),
    }
    import_archive(client_for(people.charlie), archive)
    imported = {r.instrument: r for r in Response.objects.filter(owner=people.charlie)}
    assert (imported["pcl5"].total, imported["peg"].total) == (40, 13)
    assert str(imported["peg"].score) == "4.3"
    assert (
        comparable(build_export_data(people.charlie))["measures"]
        == comparable(build_export_data(people.alice))["measures"]
    )


def test_the_questionnaires_a_person_tracks_travel_with_the_export(people):
    from measures.models import TrackedMeasures, tracked_codes
    from mydata.export import build_export_data
    from mydata.importer import apply_import

    TrackedMeasures.objects.create(owner=people.alice, codes=["pcl5", "peg"])
    data = build_export_data(people.alice)
    assert data["tracked_measures"] == ["pcl5", "peg"]
    apply_import(people.bob, data)
    assert tracked_codes(people.bob) == ["pcl5", "peg"]
    # A choice the importing person already made is theirs and stays.
    TrackedMeasures.objects.filter(owner=people.bob).update(codes=["phq9"])
    apply_import(people.bob, data)
    assert tracked_codes(people.bob) == ["phq9"]
