"""When a therapist or a support person erases their account, what they wrote to the patient
stays with the patient's entries and sessions, shown as from a former care-team member or a
former support person."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import DeletionRequest, User
from care.models import Reflection, SupportNote
from mydata.models import DataExport
from tests.care.conftest import make_entry
from tests.helpers import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def erase_account(user):
    """As the person would: confirm with the password, ask to delete, and wait out the grace
    period (the daily job then erases the account)."""
    client = client_for(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.post(reverse("mydata:delete_account")).status_code == 302
    DeletionRequest.objects.filter(user=user).update(
        erase_after=timezone.now() - dt.timedelta(minutes=1)
    )
    call_command("erase_accounts")
    assert not User.objects.filter(pk=user.pk).exists()


def exported(client) -> dict:
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # export asks for it
    assert client.post(reverse("mydata:export_start")).status_code == 302
    export = DataExport.objects.latest("created")
    content = client.get(reverse("mydata:export_download", args=[export.pk])).content
    archive = zipfile.ZipFile(io.BytesIO(content))
    return json.loads(archive.read("journal.json"))


def test_reflections_stay_when_the_therapist_erases_their_account(world):
    therapist = client_for(world.therapist)
    therapist.post(
        reverse("care:reflect", args=[world.alice.pk, world.entry.pk]),
        {"body": "Notice the warmth you describe"},
    )
    alice = client_for(world.alice)
    alice.post(
        reverse("care:reflection_reply", args=[world.entry.pk, world.therapist.pk]),
        {"body": "It stayed with me all week"},
    )
    assert Reflection.objects.filter(entry=world.entry).count() == 2

    erase_account(world.therapist)

    assert Reflection.objects.filter(entry=world.entry).count() == 2
    page = alice.get(reverse("journal:entry_detail", args=[world.entry.pk])).content.decode()
    assert "Notice the warmth you describe" in page
    assert "It stayed with me all week" in page
    assert "With a former care-team member" in page
    assert "A former care-team member, " in page
    assert "None" not in page
    assert "Send reply" not in page  # nobody left to read a reply
    assert "would not reach them" in page
    data = exported(alice)
    assert {(r["author"], r["body"]) for r in data["reflections"]} == {
        ("A former care-team member", "Notice the warmth you describe"),
        (str(world.alice), "It stayed with me all week"),
    }


def test_support_notes_stay_when_the_support_person_erases_their_account(world):
    friend = client_for(world.friend)
    url = reverse("care:support_session", args=[world.support_invite.pk])
    friend.post(url, {"body": "You said the room was breathing"})
    friend.post(url, {"body": "You asked for the blue blanket"})
    alice = client_for(world.alice)
    kept = SupportNote.objects.get(body="You said the room was breathing")
    alice.post(reverse("care:support_note_status", args=[kept.pk]), {"status": "kept"})

    erase_account(world.friend)

    assert SupportNote.objects.filter(invite=world.support_invite).count() == 2
    kept.refresh_from_db()
    assert kept.status == SupportNote.Status.KEPT
    session_url = reverse("journal:session_detail", args=[world.session.pk])
    page = alice.get(session_url).content.decode()
    assert "You said the room was breathing" in page
    assert "You asked for the blue blanket" in page
    assert "A former support person" in page
    assert "None" not in page
    # The kept note is still in her own report, with the same wording for its author.
    today = timezone.localdate()
    alice.post(
        reverse("reports:create"),
        {
            "start": (today - dt.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
            "sections": ["support_notes"],
        },
    )
    from reports.models import ReportFile

    report_file = ReportFile.objects.latest("created")
    assert report_file.status == ReportFile.Status.READY, report_file.error
    preview = alice.get(reverse("reports:preview", args=[report_file.pk])).content.decode()
    assert "You said the room was breathing" in preview
    assert "A former support person, session 1" in preview
    data = exported(alice)
    assert {(n["author"], n["body"]) for n in data["support_notes"]} == {
        ("A former support person", "You said the room was breathing"),
        ("A former support person", "You asked for the blue blanket"),
    }


def test_two_former_therapists_keep_two_threads(world):
    from integration_journal.markdown import render_markdown

    for therapist, words in ((world.therapist, "First voice"), (world.colleague, "Second voice")):
        Reflection.objects.create(
            entry=world.entry,
            therapist=therapist,
            author=therapist,
            body=words,
            body_html=render_markdown(words),
        )
    erase_account(world.therapist)
    erase_account(world.colleague)

    threads = Reflection.objects.filter(entry=world.entry)
    assert {r.therapist_id for r in threads} == {None}
    assert len({r.former_thread for r in threads}) == 2
    assert None not in {r.former_thread for r in threads}
    page = client_for(world.alice).get(reverse("journal:entry_detail", args=[world.entry.pk]))
    html = page.content.decode()
    assert html.count("With a former care-team member") == 2
    assert "First voice" in html and "Second voice" in html


def test_a_former_therapists_threads_share_no_id_across_entries(world):
    from integration_journal.markdown import render_markdown

    other = make_entry(world.alice, title="Another shared entry")
    for entry in (world.entry, world.entry, other):
        Reflection.objects.create(
            entry=entry,
            therapist=world.therapist,
            author=world.therapist,
            body="Noted",
            body_html=render_markdown("Noted"),
        )
    erase_account(world.therapist)
    first = {r.former_thread for r in Reflection.objects.filter(entry=world.entry)}
    second = {r.former_thread for r in Reflection.objects.filter(entry=other)}
    assert len(first) == 1 and len(second) == 1  # one thread each, kept whole
    assert first != second
