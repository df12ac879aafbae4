"""Each person's home (care.access.home_for), the menu's role switch, the confirm pages of
destructive actions, the care-team select and the patient onboarding."""

import zoneinfo
from datetime import datetime

import pytest
from django.urls import reverse

from care.models import CareLink, CareTeamMember, Membership, Onboarding, Resource
from journal.models import TreatmentSession
from tests.care.conftest import make_entry
from tests.helpers import client_for, make_user, menu

pytestmark = pytest.mark.django_db


def labels(response) -> list[str]:
    return [label for label, _, _ in menu(response.content.decode())]


def buttons(response) -> str:
    html = response.content.decode()
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


# --- homes -------------------------------------------------------------------------------------


def test_each_role_lands_on_its_own_home(world):
    home = reverse("home")
    therapist = client_for(world.therapist).get(home)
    assert therapist.status_code == 302 and therapist.url == reverse("care:dashboard")
    admin = client_for(world.admin).get(home)
    assert admin.url == reverse("care:clinic", args=[world.clinic.pk])
    friend = client_for(world.friend).get(home)
    assert friend.url == reverse("care:support_home")
    patient = client_for(world.alice).get(home)
    assert patient.status_code == 200
    assert b"Hello, Alice" in patient.content


def test_the_menu_belongs_to_the_home(world):
    patient = labels(client_for(world.alice).get(reverse("home")))
    assert "Journal" in patient and "Care team" in patient and "Patients" not in patient
    therapist = labels(client_for(world.therapist).get(reverse("care:dashboard")))
    assert "Patients" in therapist and "Journal" not in therapist
    friend = labels(client_for(world.friend).get(reverse("care:support_home")))
    assert "Sessions I support" in friend and "Journal" not in friend and "Clinic" not in friend


def test_a_therapist_who_journals_switches_views_and_back(world):
    make_entry(world.therapist, title="My own")
    client = client_for(world.therapist)
    page = client.get(reverse("care:dashboard"))
    assert "Switch to my journal" in buttons(page)
    response = client.post(reverse("care:switch_role"), {"role": "patient"})
    assert response.url == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Journal" in labels(home) and "Switch to clinician view" in buttons(home)
    client.post(reverse("care:switch_role"), {"role": "therapist"})
    assert client.get(reverse("home")).url == reverse("care:dashboard")


def test_a_therapist_who_does_not_journal_has_no_switch(world):
    page = client_for(world.therapist).get(reverse("care:dashboard"))
    assert "Switch to" not in buttons(page)


def test_the_stored_choice_is_only_a_preference(world):
    make_entry(world.therapist, title="My own")
    client = client_for(world.therapist)
    client.post(reverse("care:switch_role"), {"role": "therapist"})
    Membership.objects.filter(user=world.therapist).delete()  # an admin removed them
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Journal" in labels(home)
    assert client.get(reverse("care:dashboard"), follow=True).status_code == 200


def test_switching_to_a_role_one_does_not_have_is_refused(world):
    client = client_for(world.alice)
    response = client.post(reverse("care:switch_role"), {"role": "therapist"}, follow=True)
    assert b"That view is not one of yours." in response.content
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Patients" not in labels(response)


def test_switch_is_post_only_and_needs_signing_in(world, client):
    assert client_for(world.alice).get(reverse("care:switch_role")).status_code == 405
    response = client.post(reverse("care:switch_role"), {"role": "patient"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_support_home_names_the_patients_time_zone(world):
    world.alice.time_zone = "America/Chicago"
    world.alice.save()
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    world.session.date = datetime(2026, 3, 2, 8, 0, tzinfo=chicago)
    world.session.save()
    world.friend.time_zone = "Europe/Berlin"
    world.friend.save()
    page = client_for(world.friend).get(reverse("care:support_home")).content.decode()
    assert "8 a.m." in page or "8:00 a.m." in page
    assert "(America/Chicago, Alice’s time)" in page


def test_the_clinic_code_card_stays_until_a_clinic_is_joined(world):
    assert b"Have a clinic code?" in client_for(world.bob).get(reverse("home")).content
    assert b"Have a clinic code?" not in client_for(world.alice).get(reverse("home")).content


# --- confirmations -----------------------------------------------------------------------------


def test_removing_a_care_team_member_asks_first_and_says_what_ends(world):
    member = CareTeamMember.objects.get(link=world.link, therapist=world.therapist)
    client = client_for(world.alice)
    index = client.get(reverse("care:index")).content.decode()
    assert reverse("care:team_remove_confirm", args=[member.pk]) in index
    assert f'action="{reverse("care:team_remove", args=[member.pk])}"' not in index
    page = client.get(reverse("care:team_remove_confirm", args=[member.pk]))
    assert page.status_code == 200
    assert b"Dr. T will no longer see anything you shared with them" in page.content
    assert b"What you shared stays yours" in page.content
    assert CareTeamMember.objects.filter(pk=member.pk).exists()
    assert client.get(reverse("care:team_remove", args=[member.pk])).status_code == 405
    client.post(reverse("care:team_remove", args=[member.pk]))
    assert not CareTeamMember.objects.filter(pk=member.pk).exists()


def test_leaving_a_clinic_asks_first(world):
    client = client_for(world.alice)
    page = client.get(reverse("care:leave_confirm", args=[world.link.pk]))
    assert page.status_code == 200 and b"Leave Riverside?" in page.content
    assert CareLink.objects.filter(pk=world.link.pk).exists()
    assert (
        client_for(world.bob).get(reverse("care:leave_confirm", args=[world.link.pk])).status_code
        == 404
    )
    assert client.post(reverse("care:leave_confirm", args=[world.link.pk])).status_code == 405
    client.post(reverse("care:leave", args=[world.link.pk]))
    assert not CareLink.objects.filter(pk=world.link.pk).exists()


def test_removing_a_clinic_member_asks_first_and_counts_the_patients(world):
    membership = Membership.objects.get(clinic=world.clinic, user=world.therapist)
    client = client_for(world.admin)
    clinic_page = client.get(reverse("care:clinic", args=[world.clinic.pk])).content.decode()
    confirm_url = reverse("care:member_remove_confirm", args=[world.clinic.pk, membership.pk])
    assert confirm_url in clinic_page
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert b"care team of 1 patient here" in page.content
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client_for(world.therapist).get(confirm_url).status_code == 404
    assert client.post(confirm_url).status_code == 405
    client.post(reverse("care:member_remove", args=[world.clinic.pk, membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removing_a_resource_asks_first(world):
    resource = Resource.objects.create(clinic=world.clinic, title="Breathing group", kind="group")
    client = client_for(world.admin)
    confirm_url = reverse("care:resource_delete_confirm", args=[world.clinic.pk, resource.pk])
    assert (
        confirm_url in client.get(reverse("care:clinic", args=[world.clinic.pk])).content.decode()
    )
    page = client.get(confirm_url)
    assert page.status_code == 200 and "“Breathing group”" in page.content.decode()
    assert Resource.objects.filter(pk=resource.pk).exists()
    client.post(reverse("care:resource_delete", args=[world.clinic.pk, resource.pk]))
    assert not Resource.objects.filter(pk=resource.pk).exists()


# --- the care-team select ----------------------------------------------------------------------


def test_the_therapist_select_starts_empty_and_an_empty_choice_is_refused(world):
    CareTeamMember.objects.filter(link=world.link, therapist=world.therapist).delete()
    client = client_for(world.alice)
    page = client.get(reverse("care:index")).content.decode()
    assert '<option value="" selected>Choose a therapist</option>' in page
    response = client.post(
        reverse("care:team_add", args=[world.link.pk]), {"therapist": ""}, follow=True
    )
    assert b"Please choose a therapist to add to your care team." in response.content
    assert not CareTeamMember.objects.filter(link=world.link, therapist=world.therapist).exists()


# --- onboarding --------------------------------------------------------------------------------


@pytest.fixture
def newcomer(db):
    user = make_user("newcomer@example.org", "Sam")
    Onboarding.objects.create(user=user)
    return user


def test_existing_people_are_not_sent_through_onboarding(world):
    assert client_for(world.bob).get(reverse("home")).status_code == 200
    assert client_for(world.bob).get(reverse("care:onboarding", args=[1])).status_code == 404


def test_the_first_home_starts_onboarding_then_a_card_resumes_it(newcomer):
    client = client_for(newcomer)
    first = client.get(reverse("home"))
    assert first.url == reverse("care:onboarding", args=[1])
    step1 = client.get(first.url).content.decode()
    assert "not monitored in real time" in step1 and reverse("crisis") in step1
    assert "Skip for now" in step1
    client.get(reverse("care:onboarding", args=[2]))
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert reverse("care:onboarding", args=[2]) in home.content.decode()
    assert b"Have a clinic code?" in home.content


def test_every_step_is_a_page_with_skip_for_now(newcomer):
    client = client_for(newcomer)
    for step in range(1, 6):
        page = client.get(reverse("care:onboarding", args=[step]))
        assert page.status_code == 200, step
        assert b"Skip for now" in page.content
    assert client.get(reverse("care:onboarding", args=[6])).status_code == 404
    assert (
        b"nobody sees anything until you share it"
        in client.get(reverse("care:onboarding", args=[2])).content.lower()
    )


def test_joining_from_onboarding_returns_to_it_and_offers_the_team(world, newcomer):
    client = client_for(newcomer)
    response = client.post(reverse("care:join"), {"code": "RIVER234", "from": "onboarding"})
    assert response.url == reverse("care:onboarding", args=[3])
    page = client.get(response.url).content.decode()
    assert "Choose a therapist" in page and "Dr. T" in page
    link = CareLink.objects.get(patient=newcomer)
    response = client.post(
        reverse("care:team_add", args=[link.pk]),
        {"therapist": str(world.therapist.pk), "from": "onboarding"},
    )
    assert response.url == reverse("care:onboarding", args=[3])
    assert CareTeamMember.objects.filter(link=link, therapist=world.therapist).exists()
    wrong = client.post(reverse("care:join"), {"code": "NOPE2345", "from": "onboarding"})
    assert wrong.status_code == 200 and b'name="from" value="onboarding"' in wrong.content


def test_the_intention_form_returns_to_onboarding(newcomer):
    client = client_for(newcomer)
    step4 = client.get(reverse("care:onboarding", args=[4])).content.decode()
    next_url = reverse("care:onboarding", args=[5])
    assert f"{reverse('intentions:create')}?next={next_url}" in step4
    response = client.post(
        reverse("intentions:create"),
        {"title": "Be kinder to myself", "next": next_url},
    )
    assert response.status_code == 302 and response.url == next_url
    offsite = client.post(
        reverse("intentions:create"), {"title": "Another", "next": "https://evil.example/"}
    )
    assert offsite.url.startswith("/intentions/")


def test_the_next_session_step_plans_a_session_and_finishes(newcomer):
    client = client_for(newcomer)
    bad = client.post(reverse("care:onboarding", args=[5]), {"date": "soon"})
    assert bad.status_code == 400 and b"Please enter a date and time like" in bad.content
    response = client.post(reverse("care:onboarding", args=[5]), {"date": "2030-05-14T09:30"})
    assert response.url == reverse("home")
    session = TreatmentSession.objects.get(owner=newcomer)
    assert session.number == 1 and session.date.year == 2030
    assert Onboarding.objects.get(user=newcomer).finished_at is not None
    assert b"Getting started" not in client.get(reverse("home")).content


def test_dismissing_hides_the_card_for_good(newcomer):
    client = client_for(newcomer)
    client.get(reverse("home"))
    assert b"Getting started" in client.get(reverse("home")).content
    assert client.get(reverse("care:onboarding_dismiss")).status_code == 405
    client.post(reverse("care:onboarding_dismiss"))
    assert b"Getting started" not in client.get(reverse("home")).content


def test_onboarding_needs_signing_in(client, newcomer):
    response = client.get(reverse("care:onboarding", args=[1]))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_signing_up_starts_an_onboarding(client):
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Riley",
            "email": "riley@example.org",
            "password1": "a calm river at dawn",
            "password2": "a calm river at dawn",
            "time_zone": "UTC",
        },
    )
    assert Onboarding.objects.filter(user__email="riley@example.org").exists()
