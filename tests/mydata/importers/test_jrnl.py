"""Import from jrnl, tested against files the jrnl program itself writes (jrnl is in the dev
dependency group): entries are written with its command line into a journal in a temporary
folder, exported with `jrnl --export json`, imported, and compared. Plus hand-written edge cases.
"""

import datetime as dt
import io
import json
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
from django.urls import reverse

from journal.models import Entry
from mydata.importers import jrnl
from mydata.models import PendingImport
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

UPLOAD = reverse("mydata:other_import_upload", args=["jrnl"])
JRNL = Path(sys.executable).with_name("jrnl")
ZONE = "America/New_York"

# What a person types after `jrnl`, with the date jrnl reads from the front.
WRITTEN = [
    "2024-03-01 08:15: After the first session. I felt @calm and a bit #tired.\n"
    "A second line.\n\n- a list item\n- **bold** too",
    "2024-03-05 21:40: A starred evening *\nÉmoji 😀, RTL שלום, e\u0301 and @Integration.",
    "2024-03-10 02:30: Just a title with no body.",  # 02:30 does not exist that night in New York
    "2024-04-10 06:00: " + "A very long first sentence " * 10 + "ends here. And the rest @calm.",
    "2024-11-03 01:30: The hour that happens twice. @sleep @Sleep",
]


@pytest.fixture(scope="module")
def jrnl_export(tmp_path_factory) -> bytes:
    """The entries above written by jrnl's own command line, then its JSON export."""
    tmp_path = tmp_path_factory.mktemp("jrnl")
    assert JRNL.exists(), "jrnl is a dev dependency: run make setup"
    journal = tmp_path / "journal.txt"
    config = tmp_path / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        f"indent_character: '|'\njournals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\n"
        "version: v4.6\n"
    )
    env = {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PATH": os.environ.get("PATH", ""),
        "TZ": ZONE,
    }

    def run(*args, text=""):
        return subprocess.run(
            [str(JRNL), "--config-file", str(config), *args],
            input=text,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        ).stdout

    for text in WRITTEN:
        run(text=text)
    exported = run("--export", "json")
    data = json.loads(exported)
    assert len(data["entries"]) == len(WRITTEN)  # jrnl wrote them all
    return exported.encode()


def upload(client, content: bytes, name="journal.json"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(UPLOAD, {"file": file})


def refusal(client, content: bytes) -> str:
    response = upload(client, content)
    assert response.status_code == 200
    assert not PendingImport.objects.exists()
    return response.context["form"].errors["file"][0]


def test_a_real_jrnl_export_imports_with_nothing_lost(people, jrnl_export):
    people.alice.time_zone = ZONE
    people.alice.save()
    alice = client_for(people.alice)
    response = upload(alice, jrnl_export)
    assert response.status_code == 302
    preview = alice.get(response.url).content.decode()
    assert "with 5 entries" in preview
    assert "1 entry was starred" in preview
    report = alice.post(response.url).content.decode()
    assert "5 entries" in report

    zone = zoneinfo.ZoneInfo(ZONE)
    imported = list(Entry.objects.filter(owner=people.alice).prefetch_related("themes"))
    assert len(imported) == 5
    for row in json.loads(jrnl_export)["entries"]:
        # The clock time in the account's zone (02:30 on the night clocks go forward reads as
        # the zone's standard time, as Python does: 03:30 summer time).
        written = dt.datetime.fromisoformat(f"{row['date']}T{row['time']}").replace(tzinfo=zone)
        # (By timestamp: Python never calls a time in the gap equal to one in another zone.)
        [entry] = [e for e in imported if e.created.timestamp() == written.timestamp()]
        if len(row["title"]) <= 200:
            assert entry.title == row["title"]
            assert entry.body == row["body"]
        else:
            assert entry.title == ""
            assert entry.body == f"{row['title']}\n\n{row['body']}"
        themes = {t.name.lower() for t in entry.themes.all()}
        assert themes == {tag.lstrip("@#") for tag in row["tags"]}
        assert entry.updated == entry.created
    starred = [e for e in imported if e.title == "A starred evening"]
    assert len(starred) == 1 and "😀" in starred[0].body and "שלום" in starred[0].body_html


def test_importing_the_same_jrnl_export_again_adds_nothing(people, jrnl_export):
    alice = client_for(people.alice)
    alice.post(upload(alice, jrnl_export).url)
    report = alice.post(upload(alice, jrnl_export).url).content.decode()
    assert "5 journal entries were already in your account." in report
    assert Entry.objects.filter(owner=people.alice).count() == 5


def _export(*entries, **top) -> bytes:
    return json.dumps({"tags": {}, "entries": list(entries), **top}).encode()


def _entry(**fields) -> dict:
    return {
        "title": "A title.",
        "body": "A body.",
        "date": "2024-03-01",
        "time": "08:15",
        "tags": [],
        "starred": False,
    } | fields


def test_an_entry_from_a_day_one_style_jrnl_journal_is_known_by_its_uuid(people):
    alice = client_for(people.alice)
    first = _export(_entry(uuid="ABC-1", body="first"))
    edited = _export(_entry(uuid="abc-1", body="edited since"))
    alice.post(upload(alice, first).url)
    alice.post(upload(alice, edited).url)
    assert Entry.objects.get(owner=people.alice).body == "first"


def test_an_edited_entry_without_a_uuid_comes_as_a_new_one(people):
    alice = client_for(people.alice)
    alice.post(upload(alice, _export(_entry(body="first"))).url)
    alice.post(upload(alice, _export(_entry(body="edited"))).url)
    assert Entry.objects.filter(owner=people.alice).count() == 2


def test_tag_symbols_are_taken_off_and_unusable_tags_said(people):
    alice = client_for(people.alice)
    response = upload(alice, _export(_entry(tags=["@work", "#work", "@", "+custom"])))
    assert "1 tag could not become a theme" in alice.get(response.url).content.decode()
    alice.post(response.url)
    entry = Entry.objects.get(owner=people.alice)
    assert sorted(t.name for t in entry.themes.all()) == ["+custom", "work"]


def test_an_entry_without_a_time_is_at_midnight_and_a_bom_is_fine(people):
    alice = client_for(people.alice)
    content = b"\xef\xbb\xbf" + _export({"title": "t", "date": "2024-03-01"})
    alice.post(upload(alice, content).url)
    entry = Entry.objects.get(owner=people.alice)
    assert entry.created == dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    assert entry.body == ""


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04 a zip", "is not valid JSON"),
        (b"", "The submitted file is empty"),
        (b'{"entries": [], "x": NaN}', "is not valid JSON"),
        (b"[" * 100 + b"]" * 100, "nests deeper"),
        (b"[]", "no list of entries"),
        (b'{"entries": "many"}', "no list of entries"),
        (_export(), "holds no entries"),
        (_export(_entry(), tags=[]), "tags are not"),
        (_export("entry"), "is not an entry"),
        (_export(_entry(title=None)), "no title as text"),
        (_export(_entry(body=3)), "no body as text"),
        (_export(_entry(date="2024-02-30")), "does not exist"),
        (_export(_entry(date="01/03/2024")), "not a date and time"),
        (_export(_entry(time="25:00")), "does not exist"),
        (_export(_entry(time="8 am")), "not a date and time"),
        (_export(_entry(date="1899-12-31")), "before 1900"),
        (_export(_entry(date="2999-01-01")), "a year ahead"),
        (_export(_entry(tags="@calm")), "tags that are not a list"),
        (_export(_entry(tags=[1])), "tags that are not a list"),
        (_export(_entry(starred="no")), "neither true nor false"),
        (_export(_entry(uuid=7)), "uuid that is not one"),
        (_export(_entry(title="\ud800")), "cannot be stored"),
        (_export(_entry(body="\x00")), "cannot be stored"),
    ],
)
def test_a_damaged_or_hostile_file_is_refused_with_a_plain_reason(people, content, reason):
    assert reason in refusal(client_for(people.alice), content)


def test_too_many_entries_or_too_large_a_file_is_refused(people, monkeypatch):
    alice = client_for(people.alice)
    monkeypatch.setattr(jrnl, "MAX_ENTRIES", 1)
    assert "more than 1 entries" in refusal(alice, _export(_entry(), _entry(title="b")))
    monkeypatch.setattr(jrnl, "MAX_FILE_BYTES", 10)
    assert "larger than 20 MB" in refusal(alice, _export(_entry()))


def test_a_stranger_cannot_open_or_confirm_someone_elses_import(people):
    response = upload(client_for(people.alice), _export(_entry()))
    bob = client_for(people.bob)
    assert bob.get(response.url).status_code == 404
    assert bob.post(response.url).status_code == 404
    assert not Entry.objects.exists()


def test_the_views_require_login_and_the_right_method(client, people):
    assert client.get(UPLOAD).status_code == 302
    assert client.post(UPLOAD).status_code == 302
    assert client_for(people.alice).patch(UPLOAD).status_code == 405
    assert client_for(people.alice).get(UPLOAD).status_code == 200
