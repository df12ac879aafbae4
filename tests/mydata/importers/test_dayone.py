"""Import from Day One: preview, merge, re-import, hostile files, the views' rules."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from journal.models import Entry, Theme
from mydata.importers import dayone
from mydata.models import PendingImport
from tests.helpers import client_for, query_count
from tests.mydata.importers.dayone_files import dayone_entry, dayone_zip, sample_entries

pytestmark = pytest.mark.django_db

UPLOAD = reverse("mydata:other_import_upload", args=["dayone"])


def upload(client, content: bytes, name="Export.zip"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(UPLOAD, {"file": file})


def refusal(client, content: bytes) -> str:
    response = upload(client, content)
    assert response.status_code == 200
    assert not PendingImport.objects.exists()
    return response.context["form"].errors["file"][0]


def test_the_preview_shows_what_comes_and_what_stays_before_anything_is_written(people):
    alice = client_for(people.alice)
    response = upload(alice, dayone_zip())
    assert response.status_code == 302
    preview = alice.get(response.url)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "with 3 entries" in text
    assert '<td translate="no">Journal</td>' in text
    assert "Photos to add to their entries</th><td>1</td>" in text
    assert "1 video, audio or PDF attachment was not imported" in text
    assert "1 entry was starred; this app has no stars" in text
    assert "The place and weather of 1 entry is left out" in text
    assert "Import 3 entries" in text
    assert Entry.objects.filter(owner=people.alice).count() == 0


def test_confirming_imports_text_dates_and_tags_as_themes(people):
    alice = client_for(people.alice)
    response = upload(alice, dayone_zip())
    report = alice.post(response.url)
    assert report.status_code == 200
    assert report.context["report"].created_lines() == ["3 entries", "1 photo", "4 themes"]
    entries = {e.created: e for e in Entry.objects.filter(owner=people.alice)}
    first = entries[dt.datetime(2024, 3, 1, 8, 15, tzinfo=dt.UTC)]
    assert first.title == "After the first session"
    assert first.body == "I felt lighter. It's strange!\n1990\\. was a year."
    assert "dayone-moment" not in first.body_html
    assert first.updated == dt.datetime(2024, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert sorted(t.name for t in first.themes.all()) == ["calm", "integration"]
    second = entries[dt.datetime(2024, 3, 5, 21, 40, 12, tzinfo=dt.UTC)]
    assert second.title == ""
    assert second.body == "A quiet evening.\nThe second line."
    assert second.updated == second.created
    assert sorted(t.name for t in second.themes.all()) == ["Sleep", "a b"]
    third = entries[dt.datetime(2024, 4, 10, 6, 0, tzinfo=dt.UTC)]
    assert third.body == "Morning walk\n\nLike that day."
    assert Theme.objects.filter(owner=people.alice).count() == 4
    assert not PendingImport.objects.exists()


def test_importing_the_same_file_again_adds_nothing(people):
    alice = client_for(people.alice)
    alice.post(upload(alice, dayone_zip()).url)
    again = upload(alice, dayone_zip())
    preview = alice.get(again.url).content.decode()
    assert "<td>0</td>" in preview
    assert "Everything in this file is in your account already" in preview
    report = alice.post(again.url).content.decode()
    assert "3 journal entries were already in your account." in report
    assert Entry.objects.filter(owner=people.alice).count() == 3


def test_an_entry_in_the_trash_counts_as_already_imported(people):
    alice = client_for(people.alice)
    alice.post(upload(alice, dayone_zip()).url)
    Entry.objects.filter(owner=people.alice).update(deleted_at=dt.datetime.now(dt.UTC))
    alice.post(upload(alice, dayone_zip()).url)
    assert Entry.objects.filter(owner=people.alice).count() == 3


def test_two_people_import_the_same_file_each_into_their_own_account(people):
    for person in (people.alice, people.bob):
        client = client_for(person)
        client.post(upload(client, dayone_zip()).url)
    assert Entry.objects.filter(owner=people.alice).count() == 3
    assert Entry.objects.filter(owner=people.bob).count() == 3


def test_an_entry_the_form_refuses_is_named_and_the_rest_imported(people):
    entries = [
        *sample_entries(),
        dayone_entry(uuid="A1", text="x" * 100_001),
        dayone_entry(uuid="A2", text=f"![](dayone-moment://{'F' * 32})", tags=[]),
    ]
    alice = client_for(people.alice)
    report = alice.post(upload(alice, dayone_zip({"Journal.json": entries})).url)
    text = report.content.decode()
    assert "The entry of 2024-03-01 was not imported" in text
    assert "at most 100000 characters" in text.replace(",", "")
    assert "Write a few words" in text
    assert Entry.objects.filter(owner=people.alice).count() == 3


def test_several_journals_and_the_same_entry_in_two_of_them(people):
    journals = {"Journal.json": sample_entries(), "Dreams.json": sample_entries()[:1]}
    alice = client_for(people.alice)
    response = upload(alice, dayone_zip(journals))
    text = alice.get(response.url).content.decode()
    assert "Dreams, Journal" in text
    alice.post(response.url)
    assert Entry.objects.filter(owner=people.alice).count() == 3


def test_tags_beyond_what_an_entry_can_hold_are_left_off_and_said(people):
    tags = [f"tag {n}" for n in range(25)] + ["!!!", "y" * 61]
    entries = [dayone_entry(tags=tags)]
    alice = client_for(people.alice)
    response = upload(alice, dayone_zip({"Journal.json": entries}))
    assert "7 tags could not become a theme" in alice.get(response.url).content.decode()
    alice.post(response.url)
    assert Entry.objects.get(owner=people.alice).themes.count() == 20


def test_a_heading_longer_than_a_title_stays_in_the_body():
    title, body = dayone.split_title("# " + "w" * 250 + "\n\nrest")
    assert title == "" and body.startswith("# www")


def _zip_with(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def _one(entry: dict) -> bytes:
    return dayone_zip({"Journal.json": [entry]})


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a zip at all", "This is not a zip file"),
        (_zip_with("photos/a.jpeg", b"x"), "no journal file"),
        (_zip_with("Journal.json", b"{not json"), "is not valid JSON"),
        (_zip_with("Journal.json", b"\xff\xfe"), "is not valid JSON"),
        (_zip_with("Journal.json", b"[]"), "no list of entries"),
        (_zip_with("Journal.json", b'{"entries": {}}'), "no list of entries"),
        (_zip_with("Journal.json", b'{"entries": [], "metadata": 1}'), "metadata"),
        (_zip_with("Journal.json", b'{"entries": []}'), "holds no entries"),
        (_zip_with("Journal.json", b"[" * 100 + b"]" * 100), "nests deeper"),
        (_zip_with("../Journal.json", b"{}"), "unsafe file name"),
        (_zip_with("/etc/Journal.json", b"{}"), "unsafe file name"),
        (_zip_with("C:/Journal.json", b"{}"), "unsafe file name"),
        (_zip_with("Journal.json", b'{"x": "' + b" " * 5_000_000 + b'"}'), "zip bomb"),
        (_one(dayone_entry(creationDate="yesterday")), "not a date and time"),
        (_one(dayone_entry(creationDate="2024-03-01T08:15:00")), "without its time zone"),
        (_one(dayone_entry(creationDate="1850-01-01T00:00:00Z")), "before 1900"),
        (_one(dayone_entry(creationDate="9999-01-01T00:00:00Z")), "a year ahead"),
        (_one(dayone_entry(creationDate=12)), "no readable creationDate"),
        (_one(dayone_entry(modifiedDate="2024-02-30T00:00:00Z")), "not a date and time"),
        (_one(dayone_entry(uuid=None)), "has no uuid"),
        (_one(dayone_entry(tags="calm")), "tags that are not a list"),
        (_one(dayone_entry(starred="yes")), "neither true nor false"),
        (_one(dayone_entry(photos={"a": 1})), "photos that are not a list"),
        (_one(dayone_entry(photos=[{"type": "../x"}])), "unknown type"),
        (_one(dayone_entry(text=["a"])), "not text"),
        (_one(dayone_entry(text="NUL \x00 here")), "cannot be stored"),
        (_one("an entry"), "is not an entry"),
    ],
)
def test_a_damaged_or_hostile_file_is_refused_with_a_plain_reason(people, content, reason):
    assert reason in refusal(client_for(people.alice), content)


def test_too_many_entries_or_too_large_a_file_is_refused(people, monkeypatch):
    alice = client_for(people.alice)
    monkeypatch.setattr(dayone, "MAX_ENTRIES", 2)
    assert "more than 2 entries" in refusal(alice, dayone_zip())
    monkeypatch.setattr(dayone, "MAX_ZIP_BYTES", 100)
    assert "larger than" in refusal(alice, dayone_zip())


def test_journals_larger_than_the_text_limit_are_refused(people, monkeypatch):
    monkeypatch.setattr(dayone, "MAX_JSON_BYTES", 10)
    assert "larger than 50 MB" in refusal(client_for(people.alice), dayone_zip())


def test_a_stranger_cannot_open_or_confirm_someone_elses_import(people):
    response = upload(client_for(people.alice), dayone_zip())
    bob = client_for(people.bob)
    assert bob.get(response.url).status_code == 404
    assert bob.post(response.url).status_code == 404
    assert not Entry.objects.exists()
    jrnl_url = response.url.replace("/dayone/", "/jrnl/")
    assert client_for(people.alice).get(jrnl_url).status_code == 404


def test_the_views_require_login_the_right_method_and_a_known_app(client, people):
    assert client.get(UPLOAD).status_code == 302
    pending = PendingImport.objects.create(
        owner=people.alice, source="dayone", data={"entries": []}
    )
    url = reverse("mydata:other_import_preview", args=["dayone", pending.pk])
    assert client.get(url).status_code == 302
    assert client.post(url).status_code == 302
    alice = client_for(people.alice)
    assert alice.put(UPLOAD).status_code == 405
    assert alice.delete(url).status_code == 405
    assert alice.get(reverse("mydata:other_import_upload", args=["evernote"])).status_code == 404
    own = reverse("mydata:import_preview", args=[pending.pk])
    assert alice.get(own).status_code == 404  # not the app's own import's page either


def test_posting_needs_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.alice)
    file = io.BytesIO(dayone_zip())
    file.name = "Export.zip"
    assert client.post(UPLOAD, {"file": file}).status_code == 403


def test_a_second_confirm_imports_nothing_twice(people):
    alice = client_for(people.alice)
    url = upload(alice, dayone_zip()).url
    alice.post(url)
    assert alice.post(url).status_code == 404
    assert Entry.objects.filter(owner=people.alice).count() == 3


def test_the_my_data_page_links_both_importers(people):
    page = client_for(people.alice).get(reverse("mydata:my_data")).content.decode()
    assert UPLOAD in page
    assert reverse("mydata:other_import_upload", args=["jrnl"]) in page


def test_the_preview_reads_the_same_number_of_queries_whatever_the_file_holds(people):
    alice = client_for(people.alice)
    small = upload(alice, dayone_zip({"J.json": sample_entries()[:1]})).url
    many = [dayone_entry(uuid=f"U{n}", tags=[f"t{n}"]) for n in range(200)]
    large = upload(alice, dayone_zip({"J.json": many})).url
    assert query_count(alice, large) == query_count(alice, small)


def test_the_stored_preview_holds_no_place_or_weather(people):
    alice = client_for(people.alice)
    upload(alice, dayone_zip())
    stored = json.dumps(PendingImport.objects.get().data)
    assert "Berlin" not in stored and "Cloudy" not in stored and "52.52" not in stored
