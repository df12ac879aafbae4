"""Property-based fuzzing of the importer (Hypothesis).

Whatever archive comes in, reading it either gives data or refuses it with a reason; merging
that data never raises, never changes another account, and merging it twice adds nothing the
second time. The suite runs a bounded number of examples; `HYPOTHESIS_PROFILE=long` (or
`make fuzz`) runs many more.
"""

import copy
import io
import json
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mydata import importer
from mydata.export import build_export_data
from tests.mydata.factories import make_journal

pytestmark = pytest.mark.django_db

settings.register_profile(
    "suite",
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "2000")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


# --- what hostile values look like ------------------------------------------------------------

UNICODE_EDGES = st.sampled_from(
    [
        "",
        " ",
        "\u3000",
        "\u2028",
        "\u200b",
        "e\u0301",
        "\ufeff",
        "😀" * 50,
        "\ud800",
        "\r\n",
        "x" * 100_001,
        "\x00",
        "<script>alert(1)</script>",
        "../../etc/passwd",
    ]
)
BAD_DATES = st.sampled_from(
    [
        "2026-13-45T99:00",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-05:00",
        "2026-02-30",
        "yesterday",
        "2026-01-01T10:00:00+25:00",
        "1899-12-31",
        "2026-01-01",
        "+002026-01-01",
    ]
)
HUGE_NUMBERS = st.sampled_from([2**70, -(2**63), 2**31, -1, 10**30, 1e308, -0.0, 0.5])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    HUGE_NUMBERS,
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=50),
    UNICODE_EDGES,
    BAD_DATES,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=20,
)
SECTIONS = ["intentions", "themes", "sessions", "entries", "check_ins", "measures"]


def _zip(raw: bytes, compression=zipfile.ZIP_DEFLATED) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("journal.json", raw)
    return SimpleUploadedFile("export.zip", buffer.getvalue(), content_type="application/zip")


@st.composite
def mutations(draw, data: dict) -> dict:
    """The valid export with a few fields, anywhere in it, replaced by hostile values."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        section = draw(st.sampled_from([*SECTIONS, None]))
        if section is None:
            key = draw(st.sampled_from(["format", "version", "exported_at", "chosen_practices"]))
            data[key] = draw(VALUES)
            continue
        rows = data[section]
        if not isinstance(rows, list) or not rows or draw(st.integers(0, 3)) == 0:
            data[section] = draw(VALUES)
            continue
        index = draw(st.integers(0, len(rows) - 1))
        row = rows[index]
        if not isinstance(row, dict):  # an earlier mutation got here first
            rows[index] = draw(VALUES)
            continue
        key = draw(st.sampled_from([*row, "unknown"]))
        if draw(st.integers(0, 9)) == 0:
            row.pop(key, None)
        else:
            row[key] = draw(VALUES)
    return data


# --- the properties -----------------------------------------------------------------------------


def _everything_of(user) -> dict:
    """A fingerprint of an account's data: the export, without its time of export."""
    data = build_export_data(user)
    data.pop("exported_at", None)
    return data


def _read(upload):
    """The data, or None when the archive is refused with a reason."""
    try:
        return importer.read_archive(upload)
    except importer.ImportRefused as refusal:
        assert str(refusal).strip()
        return None


def _import_twice_and_roll_back(user, data) -> None:
    with transaction.atomic():
        try:
            importer.apply_import(user, data)
        except importer.ImportRefused as refusal:
            assert str(refusal).strip()
        else:
            again = importer.apply_import(user, data)
            assert again.created == {}, again
        transaction.set_rollback(True)


@pytest.fixture
def journal(people):
    make_journal(people.alice)
    return build_export_data(people.alice)


def _check(people, upload) -> None:
    before = _everything_of(people.alice)
    data = _read(upload)
    if data is not None:
        _import_twice_and_roll_back(people.charlie, data)
        # The ids in the file are Alice's: importing them into Charlie's account never
        # changes hers.
        assert _everything_of(people.alice) == before


@settings(FUZZ)
@given(data=st.data())
def test_a_mutated_export_imports_or_is_refused_never_raises(people, journal, data):
    mutated = data.draw(mutations(journal))
    raw = json.dumps(mutated).encode()
    _check(people, _zip(raw))


@settings(FUZZ)
@given(
    depth=st.integers(1, 6_000),
    opener=st.sampled_from(["[", '{"a":']),
    stored=st.booleans(),
)
def test_nested_json_is_refused_or_read_never_recursion(people, depth, opener, stored):
    closer = "]" if opener == "[" else "}"
    raw = '{"format": "integration-journal-export", "version": 1, "entries": '
    raw += opener * depth + "1" + closer * depth + "}"
    _check(people, _zip(raw.encode(), zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED))


@settings(FUZZ)
@given(raw=st.one_of(st.binary(max_size=2_000), st.text(max_size=2_000).map(str.encode)))
def test_arbitrary_bytes_as_journal_json_or_as_the_zip_are_refused_or_read(people, raw):
    _check(people, _zip(raw))
    _check(people, SimpleUploadedFile("export.zip", raw))


@settings(FUZZ)
@given(
    field=st.sampled_from(["title", "body", "insight", "emotions", "created", "phase"]),
    value=st.one_of(UNICODE_EDGES, BAD_DATES, st.lists(UNICODE_EDGES, max_size=3), VALUES),
)
def test_any_value_in_an_entry_field_imports_or_is_refused(people, journal, field, value):
    mutated = copy.deepcopy(journal)
    mutated["entries"][0][field] = value
    _check(people, _zip(json.dumps(mutated).encode()))
