import pytest
from django.urls import reverse

from care import access
from care.models import CareTeamMember, Clinic, Membership, Resource, Share
from tests.care.conftest import also_on_team_at_a_second_clinic
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_anyone_can_set_up_a_clinic_and_becomes_admin(world):
    response = client_for(world.bob).post(
        reverse("care:clinic_new"), {"name": "Bob's clinic", "time_zone": "Europe/Berlin"}
    )
    clinic = Clinic.objects.get(name="Bob's clinic")
    assert response["Location"] == reverse("care:clinic", args=[clinic.pk])
    assert Membership.objects.get(clinic=clinic, user=world.bob).role == "admin"
    # Staff now: MFA before the clinic page.
    page = client_for(world.bob).get(reverse("care:clinic", args=[clinic.pk]))
    assert page["Location"] == reverse("care:mfa_required")


def test_clinic_page_for_members_only(world):
    url = reverse("care:clinic", args=[world.clinic.pk])
    assert client_for(world.admin).get(url).status_code == 200
    assert client_for(world.therapist).get(url).status_code == 200
    for user in (world.bob, world.alice, world.friend):
        assert client_for(user).get(url).status_code == 404
    assert client_for(world.admin).post(url).status_code == 405


def test_admin_sees_consenting_patients_only(world):
    url = reverse("care:clinic", args=[world.clinic.pk])
    assert b"Consented to clinic reports" not in client_for(world.admin).get(url).content
    world.link.consents_to_clinic_reports = True
    world.link.save()
    assert b"Consented to clinic reports" in client_for(world.admin).get(url).content
    assert b"Shared entry" not in client_for(world.admin).get(url).content


def test_edit_clinic_and_crisis_resources(world):
    url = reverse("care:clinic_edit", args=[world.clinic.pk])
    data = {
        "name": "Riverside 2",
        "time_zone": "America/Chicago",
        "crisis_resources": "Our line | Call any time | tel:+15550100",
    }
    assert client_for(world.admin).post(url, data).status_code == 302
    world.clinic.refresh_from_db()
    assert world.clinic.crisis_resource_list() == [
        {
            "name": "Our line",
            "detail": "Call any time",
            "href": "tel:+15550100",
            "action": "Call +15550100",
        }
    ]


def test_crisis_links_must_be_safe(world):
    url = reverse("care:clinic_edit", args=[world.clinic.pk])
    data = {"name": "R", "time_zone": "UTC", "crisis_resources": "X | y | javascript:alert(1)"}
    response = client_for(world.admin).post(url, data)
    assert response.status_code == 200
    assert b"tel:, sms: or https:" in response.content
    assert b"javascript:alert(1)" in response.content  # input kept


def test_only_admins_edit(world):
    url = reverse("care:clinic_edit", args=[world.clinic.pk])
    for user in (world.therapist, world.bob):
        assert client_for(user).get(url).status_code == 404


def test_removing_a_therapist_ends_their_access(world):
    membership = Membership.objects.get(user=world.therapist)
    entry_url = reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    assert client_for(world.therapist).get(entry_url).status_code == 200
    url = reverse("care:member_remove", args=[world.clinic.pk, membership.pk])
    assert client_for(world.therapist).post(url).status_code == 404
    assert client_for(world.admin).post(url).status_code == 302
    assert client_for(world.therapist).get(entry_url).status_code == 404
    assert not access.is_care_team_member(world.therapist, world.alice)


def test_the_last_admin_stays(world):
    membership = Membership.objects.get(user=world.admin)
    client_for(world.admin).post(
        reverse("care:member_remove", args=[world.clinic.pk, membership.pk])
    )
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_admin_without_mfa_is_sent_to_set_it_up(world):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.admin).delete()
    response = client_for(world.admin).get(reverse("care:clinic", args=[world.clinic.pk]))
    assert response["Location"] == reverse("care:mfa_required")
    assert not access.can_export_clinic_reports(world.admin, world.alice)


def test_resources_crud(world):
    client = client_for(world.admin)
    response = client.post(
        reverse("care:resource_new", args=[world.clinic.pk]),
        {"kind": "circle", "title": "Circle 🌿", "schedule": "Tue 6pm", "url": "https://x.org/"},
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.title == "Circle 🌿"
    client.post(
        reverse("care:resource_edit", args=[world.clinic.pk, resource.pk]),
        {"kind": "reading", "title": "Books"},
    )
    resource.refresh_from_db()
    assert resource.kind == "reading"
    assert (
        client_for(world.therapist)
        .post(reverse("care:resource_delete", args=[world.clinic.pk, resource.pk]))
        .status_code
        == 404
    )
    client.post(reverse("care:resource_delete", args=[world.clinic.pk, resource.pk]))
    assert not Resource.objects.exists()


def test_resource_form_errors(world):
    response = client_for(world.admin).post(
        reverse("care:resource_new", args=[world.clinic.pk]),
        {"kind": "circle", "title": "x" * 201, "url": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert not Resource.objects.exists()


def test_removing_a_member_keeps_what_another_clinic_allows(world):
    also_on_team_at_a_second_clinic(world)
    membership = Membership.objects.get(clinic=world.clinic, user=world.therapist)
    url = reverse("care:member_remove", args=[world.clinic.pk, membership.pk])
    assert client_for(world.admin).post(url).status_code == 302
    assert not CareTeamMember.objects.filter(link=world.link, therapist=world.therapist).exists()
    # Alice still has them on her team at Lakeside: Riverside's admin cannot end that.
    entry_url = reverse("care:patient_entry", args=[world.alice.pk, world.entry.pk])
    assert client_for(world.therapist).get(entry_url).status_code == 200
    assert Share.objects.active().filter(recipient=world.therapist).count() == 3


def test_removing_a_member_revokes_their_shares(world):
    membership = Membership.objects.get(user=world.therapist)
    url = reverse("care:member_remove", args=[world.clinic.pk, membership.pk])
    assert client_for(world.admin).post(url).status_code == 302
    assert not Share.objects.active().filter(recipient=world.therapist).exists()
    assert Share.objects.active().filter(recipient=world.nomfa).exists()  # others untouched


def test_clinic_report_items_never_hold_entries(world):
    world.link.consents_to_clinic_reports = True
    world.link.save()
    items = access.clinic_report_items(world.admin, world.alice)
    assert list(items["intentions"]) == [world.intention]
    assert list(items["sessions"]) == [world.session]
    # Shared with her therapist, but entries are journal text: not for clinic staff.
    assert not items["entries"].exists()
    assert access.visible_entries(world.therapist, world.alice).filter(pk=world.entry.pk).exists()
