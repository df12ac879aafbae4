import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import DeletionRequest, User
from care.access import record_access
from care.models import AccessEvent
from journal.models import FullTextColumn
from tests.helpers import PASSWORD, client_for, reauthenticated_client
from tests.mydata.factories import make_journal

pytestmark = pytest.mark.django_db
URL = reverse("mydata:delete_account")


def test_deleting_asks_for_the_password_first(people):
    response = client_for(people.alice).get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_summary_then_schedule_then_sign_out(people):
    make_journal(people.alice)
    client = reauthenticated_client(people.alice)
    page = client.get(URL)
    assert page.status_code == 200
    assert b"2 journal entries" in page.content
    assert b"7 days" in page.content
    response = client.post(URL)
    assert response.status_code == 302
    request = DeletionRequest.objects.get(user=people.alice)
    assert request.erase_after > timezone.now() + dt.timedelta(days=6, hours=23)
    assert client.get(reverse("accounts:settings")).status_code == 302  # signed out


def test_signing_in_during_the_grace_period_cancels(client, people):
    DeletionRequest.objects.create(
        user=people.alice, erase_after=timezone.now() + dt.timedelta(days=7)
    )
    response = client.post(
        reverse("account_login"),
        {"login": "alice@example.org", "password": PASSWORD},
        follow=True,
    )
    assert b"will not be deleted" in response.content
    assert not DeletionRequest.objects.filter(user=people.alice).exists()


def test_nothing_is_erased_before_the_grace_period_ends(people):
    make_journal(people.alice)
    DeletionRequest.objects.create(
        user=people.alice, erase_after=timezone.now() + dt.timedelta(days=3)
    )
    call_command("erase_accounts")
    assert User.objects.filter(pk=people.alice.pk).exists()


def personal_rows(user_id) -> dict[str, int]:
    """Rows in any model that point at the user through any relation."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, (models.ForeignKey, models.OneToOneField))
                and field.related_model is User
            ):
                count = model._base_manager.filter(**{field.name: user_id}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def text_mentions(marker: str) -> list[str]:
    """Text columns holding `marker`, search indexes included (SQLite's FTS5 table; PostgreSQL's
    index is a column of the entry row itself)."""
    hits = []
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.db_table not in tables:
            continue
        for field in model._meta.get_fields():
            is_text = isinstance(field, (models.CharField, models.TextField))
            if isinstance(field, FullTextColumn):  # MATCH's own column, not a stored text
                continue
            if (
                is_text
                and not field.is_relation
                and model._base_manager.filter(**{f"{field.name}__contains": marker}).exists()
            ):
                hits.append(f"{model._meta.label}.{field.name}")
    return hits


def signed_in_sessions(user_id) -> int:
    """Stored sign-in sessions (Django's session rows) that belong to this account."""
    from django.contrib.sessions.models import Session

    return sum(
        str(session.get_decoded().get("_auth_user_id")) == str(user_id)
        for session in Session.objects.all()
    )


def test_erasure_after_the_grace_period_leaves_no_row(people):
    make_journal(people.alice, marker="ZEBRA-MARKER")
    record_access(actor=people.bob, patient=people.alice, action=AccessEvent.Action.VIEW)
    alice_id = people.alice.pk
    phone = Client()  # signed in on another device (before the deletion was asked for)
    phone.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    assert phone.get(reverse("journal:entry_list")).status_code == 200
    assert signed_in_sessions(alice_id) == 1
    DeletionRequest.objects.create(
        user=people.alice, erase_after=timezone.now() - dt.timedelta(minutes=1)
    )
    assert personal_rows(alice_id)
    call_command("erase_accounts")
    assert signed_in_sessions(alice_id) == 0
    assert not User.objects.filter(pk=alice_id).exists()
    assert personal_rows(alice_id) == {}
    assert text_mentions("ZEBRA-MARKER") == []
    assert text_mentions("alice@example.org") == []
    # The audit record survives, unlinked, without text.
    event = AccessEvent.objects.get(former_patient_id=alice_id, action=AccessEvent.Action.VIEW)
    assert event.patient_id is None
    # Other people's data is untouched.
    assert User.objects.filter(pk=people.bob.pk).exists()


def test_delete_page_rejects_other_methods(people):
    client = reauthenticated_client(people.alice)
    assert client.put(URL).status_code == 405


def test_delete_page_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response.url
