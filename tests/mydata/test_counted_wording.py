"""Counts read as a person would write them: "1 intention", "2 intentions"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from intentions.models import Intention
from journal.models import Entry, TreatmentSession
from mydata import views
from mydata.export import build_export_zip
from mydata.importer import ImportReport
from tests.helpers import PASSWORD, client_for
from tests.mydata.factories import make_journal
from tests.mydata.test_import import import_archive

pytestmark = pytest.mark.django_db


def delete_page(user) -> str:
    client = client_for(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mydata:delete_account"))
    assert response.status_code == 200
    return response.content.decode()


def one_of_each(user, number=1):
    Intention.objects.create(owner=user, title=f"Rest {number}")
    TreatmentSession.objects.create(owner=user, number=number, date=timezone.now())
    Entry.objects.create(owner=user, phase="free", title=f"Entry {number}", body="x")


def test_the_erasure_summary_counts_one_in_the_singular(people):
    one_of_each(people.alice)
    page = delete_page(people.alice)
    for line in (
        "1 journal entry (including the trash)",
        "1 intention",
        "1 treatment session",
        "0 items shared with your care team",
    ):
        assert f"<li>{line}</li>" in page
    assert "1 intentions" not in page and "1 journal entries" not in page


def test_the_erasure_summary_counts_two_in_the_plural(people):
    one_of_each(people.alice, 1)
    one_of_each(people.alice, 2)
    page = delete_page(people.alice)
    for line in ("2 journal entries (including the trash)", "2 intentions", "2 treatment sessions"):
        assert f"<li>{line}</li>" in page


def test_a_one_day_period_reads_one_day(people, monkeypatch, settings):
    monkeypatch.setattr(views, "GRACE_DAYS", 1)
    monkeypatch.setattr(views, "TRASH_DAYS", 1)
    page = delete_page(people.alice)
    assert "Nothing is erased for 1 day." in page and "Delete my account in 1 day<" in page
    client = client_for(people.alice)
    assert "stay here for 1 day, then" in client.get(reverse("mydata:trash")).content.decode()
    my_data = client.get(reverse("mydata:my_data")).content.decode()
    assert "You will have 1 day to change your mind." in my_data
    settings.SESSION_IDLE_TIMEOUT = 60
    account = client.get(reverse("accounts:settings")).content.decode()
    assert "after 1 minute without activity" in account


def test_the_import_report_counts_what_it_added_and_what_was_already_there(people):
    make_journal(people.alice)  # 1 intention, 2 themes, 1 session, 2 entries, 1 check-in
    archive = build_export_zip(people.alice)
    client = client_for(people.charlie)
    added = import_archive(client, archive).content.decode()
    assert "1 intention," in added and "1 session," in added and "2 entries" in added
    assert "1 intentions" not in added and "1 sessions" not in added
    again = import_archive(client, archive).content.decode()
    assert "1 intention was already in your account." in again
    assert "2 journal entries were already in your account." in again


def test_the_report_counts_one_more_skipped_item_in_the_singular():
    report = ImportReport(more_skipped=1)
    report.add("entries")
    report.already_here("check-ins")
    report.finish()
    assert report.created_lines() == ["1 entry"]
    assert report.skipped == [
        "1 check-in was already in your account.",
        "… and 1 more item skipped like these.",
    ]
