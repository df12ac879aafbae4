import io
import json
import zipfile

import pytest

from intentions.models import Intention
from journal.models import Entry
from mydata.export import build_export_data
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
    too_long = json.loads(json.dumps(good))
    too_long["intentions"][0]["title"] = "x" * 201
    future_version = {**good, "version": 99}
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
        "too long": (with_json(too_long), "longer than 200"),
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
    big = _zip({"journal.json": b"{}", "padding.bin": bytes(range(256)) * (90 * 1024)},
               compression=zipfile.ZIP_STORED)  # fmt: skip
    from mydata import importer

    original = importer.MAX_ARCHIVE_BYTES
    importer.MAX_ARCHIVE_BYTES = 1024 * 1024
    try:
        response = upload(client_for(people.charlie), big)
    finally:
        importer.MAX_ARCHIVE_BYTES = original
    assert response.status_code == 200
    assert b"larger than 20 MB" in response.content
