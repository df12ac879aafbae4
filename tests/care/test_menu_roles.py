"""Which menu a person gets (patient or clinic staff) is asked of care.access on every request,
so a membership added or removed, by the person or by someone else, shows on the next page."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from care.models import Clinic, Membership
from tests.helpers import client_for, make_user, menu

pytestmark = pytest.mark.django_db


def labels(client, url=None) -> list[str]:
    # Home sends clinic staff and support persons on to their own home page.
    response = client.get(url or reverse("home"), follow=True)
    assert response.status_code == 200
    return [label for label, _, _ in menu(response.content.decode())]


def membership_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum('"care_membership"' in q["sql"] for q in queries.captured_queries)


def test_the_menu_reads_memberships_once_per_page(world):
    client = client_for(world.alice)
    url = reverse("journal:entry_list")
    assert membership_queries(client, url) == 1
    assert membership_queries(client, url) == 1
    assert membership_queries(client, reverse("intentions:list")) == 1


def test_a_therapist_removed_by_an_admin_loses_the_staff_menu_on_the_next_page(world):
    client = client_for(world.therapist)
    before = labels(client)
    assert "Patients" in before and "Clinic" in before
    Membership.objects.filter(user=world.therapist).delete()  # an admin removed them
    after = labels(client)
    assert "Patients" not in after and "Clinic" not in after
    assert "Care team" in after


def test_creating_a_clinic_shows_its_menu_on_the_next_page(world):
    client = client_for(world.bob)
    assert "Care team" in labels(client)
    response = client.post(
        reverse("care:clinic_new"),
        {"name": "Hillside", "time_zone": "UTC", "crisis_resources": ""},
        follow=True,
    )
    clinic = Clinic.objects.get(name="Hillside")
    links = [(label, href) for label, href, _ in menu(response.content.decode())]
    assert ("Clinic", reverse("care:clinic", args=[clinic.pk])) in links  # (after the MFA page)
    assert "Care team" not in labels(client)


def test_accepting_a_therapist_invitation_shows_patients_on_the_next_page(world):
    client_for(world.admin).post(
        reverse("care:clinic_invite", args=[world.clinic.pk]),
        {"email": "new@example.org", "role": "therapist"},
    )
    token = re.search(r"/care/invite/([^/]+)/", mail.outbox[-1].body).group(1)
    newcomer = make_user("new@example.org", "New")
    client = client_for(newcomer)
    assert "Care team" in labels(client)
    client.post(reverse("care:invite_accept", args=[token]))
    after = labels(client)
    assert "Patients" in after and "Clinic" in after
    assert "Care team" not in after


def test_an_admin_who_leaves_the_clinic_sees_the_patient_menu_at_once(world):
    second = make_user("second-admin@example.org", "Second")
    Membership.objects.create(clinic=world.clinic, user=second, role=Membership.Role.ADMIN)
    client = client_for(world.admin)
    assert "Clinic" in labels(client)
    own = Membership.objects.get(user=world.admin)
    response = client.post(reverse("care:member_remove", args=[world.clinic.pk, own.pk]))
    assert response["Location"] == reverse("care:index")
    after = labels(client)
    assert "Clinic" not in after
    assert "Care team" in after
