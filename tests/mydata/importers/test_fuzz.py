"""Property-based fuzzing of the Day One and jrnl importers (Hypothesis), as
tests/mydata/test_import_fuzz.py does for the app's own import: whatever file comes in, reading
it either gives entries or refuses it with a reason; merging never raises, never touches another
account, and merging twice adds nothing the second time. Few examples by default;
HYPOTHESIS_PROFILE=long runs many more."""

import copy
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.models import Entry
from mydata.importer import ImportRefused
from mydata.importers import common, dayone, jrnl
from tests.mydata.importers.dayone_files import sample_entries
from tests.mydata.test_import_fuzz import BAD_DATES, FUZZ, UNICODE_EDGES, VALUES

pytestmark = pytest.mark.django_db

JRNL_ENTRIES = [
    {
        "title": "After the first session.",
        "body": "I felt @calm.",
        "date": "2024-03-01",
        "time": "08:15",
        "tags": ["@calm"],
        "starred": True,
    },
    {"title": "Two", "body": "", "date": "2024-03-02", "time": "23:59", "tags": []},
]
HOSTILE = st.one_of(UNICODE_EDGES, BAD_DATES, st.lists(UNICODE_EDGES, max_size=3), VALUES)


@st.composite
def mutated(draw, entries: list[dict]) -> list:
    entries = copy.deepcopy(entries)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(entries) - 1))
        row = entries[index]
        if not isinstance(row, dict) or draw(st.integers(0, 9)) == 0:
            entries[index] = draw(VALUES)
            continue
        key = draw(st.sampled_from([*row, "unknown"]))
        if draw(st.integers(0, 9)) == 0:
            row.pop(key, None)
        else:
            row[key] = draw(HOSTILE)
    return entries


def _dayone_upload(raw_by_name: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in raw_by_name.items():
            archive.writestr(name, raw)
    return SimpleUploadedFile("Export.zip", buffer.getvalue())


def _check(people, read, upload) -> None:
    try:
        data = read(upload)
    except ImportRefused as refusal:
        assert str(refusal).strip()
        return
    assert data["entries"]
    with transaction.atomic():
        first = common.apply_entries(people.charlie, data)
        again = common.apply_entries(people.charlie, data)
        assert "entries" not in again.created, again
        assert first.created.get("entries", 0) <= len(data["entries"])
        assert not Entry.objects.filter(owner=people.alice).exists()
        transaction.set_rollback(True)


@settings(FUZZ)
@given(entries=mutated(sample_entries()))
def test_a_mutated_day_one_journal_imports_or_is_refused(people, entries):
    raw = json.dumps({"metadata": {"version": "1.0"}, "entries": entries}).encode()
    _check(people, dayone.read, _dayone_upload({"Journal.json": raw}))


@settings(FUZZ)
@given(
    name=st.one_of(st.text(max_size=30), st.sampled_from(["../J.json", "a/b/c.json", "C:x"])),
    raw=st.one_of(st.binary(max_size=500), VALUES.map(lambda v: json.dumps(v).encode())),
)
def test_any_member_of_a_day_one_zip_is_read_or_refused(people, name, raw):
    _check(people, dayone.read, _dayone_upload({name or "x": raw}))


@settings(FUZZ)
@given(raw=st.binary(max_size=2_000))
def test_arbitrary_bytes_as_a_day_one_zip_or_a_jrnl_file_are_refused_or_read(people, raw):
    _check(people, dayone.read, SimpleUploadedFile("Export.zip", raw))
    _check(people, jrnl.read, SimpleUploadedFile("journal.json", raw))


@settings(FUZZ)
@given(entries=mutated(JRNL_ENTRIES), tags=VALUES)
def test_a_mutated_jrnl_export_imports_or_is_refused(people, entries, tags):
    raw = json.dumps({"tags": tags, "entries": entries}).encode()
    _check(people, jrnl.read, SimpleUploadedFile("journal.json", raw))


@settings(FUZZ)
@given(text=st.text(max_size=300), heading=st.booleans())
def test_any_day_one_text_becomes_markdown_without_its_media_references(text, heading):
    source = ("# " if heading else "") + text + "\n![](dayone-moment://ABC)\n" + text
    title, body = dayone.split_title(dayone.markdown_of(source))
    assert "dayone-moment" not in body or "dayone-moment" in text
    assert len(title) <= 200 and "\n" not in title
