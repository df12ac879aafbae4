import io
import json
import uuid
import zipfile

import pytest

from intentions.models import Intention
from journal.models import Entry, TreatmentSession
from measures.models import Response
from mydata.export import build_export_data
from practices.models import CheckIn
from tests.helpers import client_for
from tests.mydata.factories import make_journal
from tests.mydata.test_import import _zip, upload

pytestmark = pytest.mark.django_db


def valid_json(people) -> dict:
    make_journal(people.alice)
    return build_export_data(people.alice)


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("journal.json", b"0" * (30 * 1024 * 1024))
    return buffer.getvalue()


def corrupt_deflate() -> bytes:
    """A zip whose journal.json has a valid header and garbage where the deflate stream is."""
    content = _zip({"journal.json": b'{"format": "integration-journal-export"}' * 50})
    start = content.index(b"journal.json") + len("journal.json")
    return content[:start] + bytes(range(40)) + content[start + 40 :]


def with_json(data) -> bytes:
    return _zip({"journal.json": json.dumps(data).encode()})


def hostile_cases(people):
    good = valid_json(people)
    wrong_type = json.loads(json.dumps(good))
    wrong_type["entries"][0]["body"] = 42
    bad_id = json.loads(json.dumps(good))
    bad_id["entries"][0]["id"] = "../../etc/passwd"
    nul = json.loads(json.dumps(good))
    nul["entries"][0]["body"] = "a\x00b"
    surrogate = json.loads(json.dumps(good))
    surrogate["entries"][0]["title"] = "\ud800"
    future_version = {**good, "version": 99}
    no_entry_id = json.loads(json.dumps(good))
    del no_entry_id["entries"][0]["id"]
    deep = b'{"format": "integration-journal-export", "version": 1, "x": ' + b"[" * 5000
    deep += b"]" * 5000 + b"}"
    huge_digits = json.dumps(good).replace('"version": 1', '"version": ' + "9" * 5000, 1)
    not_a_number = json.dumps(good).replace('"mood_before": 3', '"mood_before": NaN', 1)
    return {
        "not a zip": (b"this is plain text, not a zip", "not a zip file"),
        "empty file": (b"", "file is empty"),
        "zip bomb": (bomb(), "zip bomb"),
        "path traversal": (_zip({"../evil.txt": b"x", "journal.json": b"{}"}), "unsafe file name"),
        "absolute path": (_zip({"/etc/cron.d/x": b"x"}), "unsafe file name"),
        "no journal.json": (_zip({"notes.md": b"hello"}), "no journal.json"),
        "not json": (_zip({"journal.json": b"{nope"}), "not valid JSON"),
        "other format": (with_json({"format": "something-else"}), "not an Integration Journal"),
        "future version": (with_json(future_version), "format version"),
        "wrong type": (with_json(wrong_type), "wrong type"),
        "bad id": (with_json(bad_id), "not a UUID"),
        "NUL": (with_json(nul), "NUL"),
        "lone surrogate": (with_json(surrogate), "lone surrogate"),
        "version true": (with_json({**good, "version": True}), "format version"),
        "version 1.0": (with_json({**good, "version": 1.0}), "format version"),
        "entry without id": (with_json(no_entry_id), "Journal entries, item 1, has no"),
        "nested 5,000 levels, stored": (
            _zip({"journal.json": deep}, compression=zipfile.ZIP_STORED),
            "nests deeper than 32 levels",
        ),
        "nested 5,000 levels, compressed": (_zip({"journal.json": deep}), "nests deeper"),
        "5,000 digits": (_zip({"journal.json": huge_digits.encode()}), "not valid JSON"),
        "NaN": (_zip({"journal.json": not_a_number.encode()}), "not valid JSON"),
        "corrupt deflate": (corrupt_deflate(), "could not be read"),
    }


def test_each_hostile_archive_is_refused_with_a_message_and_changes_nothing(people):
    cases = hostile_cases(people)
    client = client_for(people.charlie)
    for name, (content, message) in cases.items():
        response = upload(client, content)
        assert response.status_code == 200, name
        assert message.encode() in response.content, (name, response.content.decode()[-3000:])
    assert Entry.objects.filter(owner=people.charlie).count() == 0
    assert Intention.objects.filter(owner=people.charlie).count() == 0


def test_oversize_upload_is_refused(people, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    big = _zip(
        {"journal.json": b"{}", "padding.bin": bytes(range(256)) * (90 * 1024)},
        compression=zipfile.ZIP_STORED,
    )
    from mydata import importer

    original = importer.MAX_ARCHIVE_BYTES
    importer.MAX_ARCHIVE_BYTES = 1024 * 1024
    try:
        response = upload(client_for(people.charlie), big)
    finally:
        importer.MAX_ARCHIVE_BYTES = original
    assert response.status_code == 200
    assert b"larger than 1 MB, more than an export can be" in response.content


# --- items that fail the forms' rules: a partial import with a report -------------------------


def confirm(client, content: bytes):
    """Upload, open the preview, confirm: the three steps a person takes."""
    response = upload(client, content)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert client.get(response.url).status_code == 200
    return client.post(response.url)


def _mutated(people, change) -> dict:
    data = valid_json(people)
    change(data)
    return data


def _set(section, key, value, index=0):
    def change(data):
        data[section][index][key] = value

    return change


def _entry_with_session(data):
    """The index of the entry that belongs to the archive's only session."""
    return next(i for i, e in enumerate(data["entries"]) if e["session"])


@pytest.mark.parametrize(
    ("name", "change", "reason"),
    [
        ("mood before 99", _set("sessions", "mood_before", 99), "a number from 0 to 10"),
        ("mood before -5", _set("sessions", "mood_before", -5), "a number from 0 to 10"),
        ("number 2^70", _set("sessions", "number", 2**70), "less than or equal to 10000"),
        ("session in year 1", _set("sessions", "date", "0001-01-01T10:00:00+00:00"), "1900"),
    ],
)
def test_a_session_that_fails_the_form_is_skipped_and_its_entry_keeps_its_text(
    people, name, change, reason
):
    data = _mutated(people, change)
    linked = data["entries"][_entry_with_session(data)]
    client = client_for(people.charlie)
    response = confirm(client, with_json(data))
    assert response.status_code == 200, name
    page = response.content.decode()
    number = data["sessions"][0]["number"]
    assert f"Session {number} was not imported" in page, name
    assert reason in page, (name, page[-3000:])
    assert f"without its link to session {number}, which was not imported" in page, name
    assert TreatmentSession.objects.filter(owner=people.charlie).count() == 0
    entry = Entry.objects.get(owner=people.charlie, title=linked["title"])
    assert entry.body == linked["body"]
    assert entry.session is None
    assert Entry.objects.filter(owner=people.charlie).count() == 2


@pytest.mark.parametrize(
    ("name", "field", "value", "reason"),
    [
        ("impossible date", "created", "2026-13-45T99:00", "is not a date and time"),
        ("year 1", "created", "0001-01-01T00:00:00+05:00", "before 1900"),
        ("far future", "updated", "9999-12-31T23:59:59-05:00", "more than a year ahead"),
        ("10,000 emotions", "emotions", [f"feeling {n}" for n in range(10_000)], "at most 300"),
        ("title too long", "title", "x" * 201, "at most 200 characters"),
        ("nothing written", "body", "  \n ", "Write a few words"),
        ("unknown phase", "phase", "sideways", "Select a valid choice"),
    ],
)
def test_an_entry_that_fails_the_form_is_skipped_and_named(people, name, field, value, reason):
    data = valid_json(people)
    free = next(e for e in data["entries"] if not e["session"])
    free[field] = value
    if name == "nothing written":
        free["title"] = ""
    response = confirm(client_for(people.charlie), with_json(data))
    assert response.status_code == 200, name
    page = response.content.decode()
    assert "was not imported" in page and reason in page, (name, page[-3000:])
    titles = set(Entry.objects.filter(owner=people.charlie).values_list("title", flat=True))
    assert titles == {e["title"] for e in data["entries"] if e is not free}, name


def test_a_skipped_intention_is_reported_with_what_lost_the_link_to_it(people):
    data = _mutated(people, _set("intentions", "title", "x" * 201))
    page = confirm(client_for(people.charlie), with_json(data)).content.decode()
    assert "with its steps and reviews, was not imported" in page
    assert "Session 1 is imported without its link to intention" in page
    assert Intention.objects.filter(owner=people.charlie).count() == 0
    assert TreatmentSession.objects.get(owner=people.charlie).intentions.count() == 0


def test_a_check_in_and_a_questionnaire_outside_the_rules_are_skipped(people):
    data = valid_json(people)
    data["check_ins"][0]["sleep_hours"] = "25"
    data["check_ins"].append(
        {**data["check_ins"][0], "id": str(uuid.uuid4()), "date": "0001-01-01", "sleep_hours": None}
    )
    data["measures"][0]["answers"] = [9] * 9
    page = confirm(client_for(people.charlie), with_json(data)).content.decode()
    assert "less than or equal to 24" in page
    assert "The check-in of 0001-01-01 was not imported" in page
    assert "A questionnaire (phq9) was not imported: Each answer" in page
    assert not CheckIn.objects.filter(owner=people.charlie).exists()
    assert not Response.objects.filter(owner=people.charlie).exists()


def test_text_is_imported_exactly_as_typed_with_line_endings_normalised(people):
    data = valid_json(people)
    free = next(e for e in data["entries"] if not e["session"])
    free["body"] = "  indented\r\nhard break  \r\nend  "
    free["title"] = "  Between  "
    data["intentions"][0]["why_it_matters"] = "**Kids**  \r\n"
    confirm(client_for(people.charlie), with_json(data))
    entry = Entry.objects.get(owner=people.charlie, title="Between")
    assert entry.body == "  indented\nhard break  \nend  "
    intention = Intention.objects.get(owner=people.charlie)
    assert intention.why_it_matters == "**Kids**  \n"
    assert "<strong>Kids</strong>" in intention.why_it_matters_html
