import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from care import access
from care.models import AccessEvent
from tests.helpers import client_for, query_count

pytestmark = pytest.mark.django_db


def test_it_lists_every_access_newest_first(world):
    client_for(world.therapist).get(
        reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    )
    response = client_for(world.alice).get(reverse("care:access_log"))
    assert response.status_code == 200
    assert b"Dr. T" in response.content
    assert b"Viewed" in response.content
    # Never any journal text, not even the title.
    assert b"Secret words" not in response.content
    assert b"Shared entry" not in response.content


def test_it_filters_by_person(world):
    access.record_access(actor=world.therapist, patient=world.alice, action="view")
    access.record_access(actor=world.friend, patient=world.alice, action="support_note")
    response = client_for(world.alice).get(
        reverse("care:access_log"), {"person": str(world.friend.pk)}
    )
    assert b"Wrote a support note" in response.content
    assert b"<td>Viewed</td>" not in response.content
    assert (
        client_for(world.alice).get(reverse("care:access_log"), {"person": "junk"}).status_code
        == 404
    )


def test_it_shows_only_my_own_log(world):
    access.record_access(actor=world.therapist, patient=world.alice, action="view")
    response = client_for(world.bob).get(reverse("care:access_log"))
    assert b"Dr. T" not in response.content
    assert b"Nobody else has opened" in response.content


def test_it_requires_login_and_get(client, world):
    assert client.get(reverse("care:access_log")).status_code == 302
    assert client_for(world.alice).post(reverse("care:access_log")).status_code == 405


def test_admin_shows_the_log_read_only(world):
    from django.contrib import admin

    from care.models import Reflection, SupportNote

    model_admin = admin.site._registry[AccessEvent]
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_change_permission(None)
    assert not model_admin.has_delete_permission(None)
    # Models holding text are not in the admin at all.
    assert Reflection not in admin.site._registry
    assert SupportNote not in admin.site._registry


def test_the_show_menu_names_each_person_once_by_their_newest_name(world):
    now = timezone.now()

    def event(actor, label, days_ago=0, patient=world.alice):
        at = now - dt.timedelta(days=days_ago)
        return AccessEvent(actor=actor, actor_label=label, patient=patient, action="view", at=at)

    url = reverse("care:access_log")
    AccessEvent.objects.bulk_create([event(world.therapist, "Dr. Old name", days_ago=2)])
    one_person = query_count(client_for(world.alice), url)
    AccessEvent.objects.bulk_create(
        [
            event(world.therapist, "Dr. T (new name)", days_ago=1),
            event(world.friend, "A friend"),
            event(world.alice, "Alice herself"),
            event(None, "A deleted account"),
            event(world.therapist, "Dr. T on Bob's log", patient=world.bob),
        ]
    )
    html = client_for(world.alice).get(url).content.decode()
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', html)
    assert options == [
        ("", "Everyone"),
        ("me", "Only my own changes"),
        (str(world.friend.pk), "A friend"),
        (str(world.therapist.pk), "Dr. T (new name)"),
    ]
    assert query_count(client_for(world.alice), url) == one_person
