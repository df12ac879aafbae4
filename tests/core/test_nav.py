"""The main menu (templates/_partials/nav.html): its links, the one marked current, sign-out."""

import re

import pytest
from django.test import Client
from django.urls import clear_script_prefix, reverse, set_script_prefix

from care.models import Clinic, Membership
from tests.care.conftest import give_mfa
from tests.helpers import client_for, make_user, menu
from tests.journal.factories import entry

pytestmark = pytest.mark.django_db


def current(html: str) -> list[str]:
    return [label for label, _, is_current in menu(html) if is_current]


PATIENT_MENU = [
    ("Home", reverse("home")),
    ("Intentions", reverse("intentions:list")),
    ("Journal", reverse("journal:entry_list")),
    ("Themes", reverse("journal:theme_list")),
    ("Practices", reverse("practices:overview")),
    ("Questionnaires", reverse("measures:index")),
    ("Care team", reverse("care:index")),
    ("Reports", reverse("reports:index")),
    ("Settings", reverse("accounts:settings")),
]


def test_a_patient_sees_every_section_and_the_care_team(people):
    html = client_for(people.alice).get(reverse("journal:entry_list")).content.decode()
    assert [(label, href) for label, href, _ in menu(html)] == PATIENT_MENU


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (reverse("home"), ["Home"]),
        (reverse("intentions:list"), ["Intentions"]),
        (reverse("intentions:create"), ["Intentions"]),
        (reverse("journal:entry_list"), ["Journal"]),
        (reverse("journal:timeline"), ["Journal"]),
        (reverse("journal:session_list"), ["Journal"]),
        (reverse("journal:theme_list"), ["Themes"]),
        (reverse("practices:overview"), ["Practices"]),
        (reverse("measures:index"), ["Questionnaires"]),
        (reverse("care:index"), ["Care team"]),
        (reverse("care:access_log"), ["Care team"]),
        (reverse("reports:index"), ["Reports"]),
        (reverse("accounts:settings"), ["Settings"]),
        (reverse("mydata:trash"), ["Settings"]),
        (reverse("crisis"), []),
    ],
)
def test_the_section_of_the_page_is_marked_current_once(people, url, expected):
    assert current(client_for(people.alice).get(url).content.decode()) == expected


def test_a_theme_page_marks_themes_and_an_entry_marks_journal(people):
    client = client_for(people.alice)
    item = entry(people.alice, themes=["sleep"])
    theme = item.themes.get()
    assert current(client.get(theme.get_absolute_url()).content.decode()) == ["Themes"]
    assert current(client.get(item.get_absolute_url()).content.decode()) == ["Journal"]


def staff(role, *clinics):
    user = make_user(f"{role}@example.org", role.title())
    give_mfa(user)
    for clinic in clinics:
        Membership.objects.create(clinic=clinic, user=user, role=role)
    return user


def test_a_therapist_sees_patients_and_their_first_clinic_instead_of_a_care_team():
    first = Clinic.objects.create(name="Riverside", join_code="RIVER234")
    second = Clinic.objects.create(name="Lakeside", join_code="LAKE2345")
    client = client_for(staff(Membership.Role.THERAPIST, first, second))
    html = client.get(reverse("care:dashboard")).content.decode()
    labels = [(label, href) for label, href, _ in menu(html)]
    assert labels[1:3] == [
        ("Patients", reverse("care:dashboard")),
        ("Clinic", reverse("care:clinic", args=[first.pk])),
    ]
    assert "Care team" not in html
    assert current(html) == ["Patients"]
    clinic_page = client.get(reverse("care:clinic", args=[first.pk])).content.decode()
    assert current(clinic_page) == ["Clinic"]


def test_a_clinic_admin_sees_the_clinic_but_not_patients():
    clinic = Clinic.objects.create(name="Riverside", join_code="RIVER234")
    client = client_for(staff(Membership.Role.ADMIN, clinic))
    html = client.get(reverse("care:clinic", args=[clinic.pk])).content.decode()
    labels = [label for label, _, _ in menu(html)]
    assert "Clinic" in labels
    assert "Patients" not in labels
    assert "Care team" not in labels
    assert current(html) == ["Clinic"]


def test_the_menu_links_follow_the_script_prefix(people):
    """A mounted app links under its mount, and a plain one does not."""
    client = client_for(people.alice)
    url = reverse("journal:entry_list")
    plain = client.get(url)  # reverses the menu under "/"
    set_script_prefix("/journal-app/")  # as WSGIHandler does for SCRIPT_NAME=/journal-app
    try:
        mounted = client.get(url)
    finally:
        clear_script_prefix()
    assert mounted.status_code == 200
    assert [href for _, href, _ in menu(mounted.content.decode())] == [
        f"/journal-app{href}" for _, href in PATIENT_MENU
    ]
    assert [href for _, href, _ in menu(plain.content.decode())] == [h for _, h in PATIENT_MENU]


def test_sign_out_is_a_post_with_a_working_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.alice)
    html = client.get(reverse("home")).content.decode()
    form = re.search(
        r'<form method="post" action="([^"]+)" class="inline-form">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">'
        r'<button type="submit" class="link-button">Sign out</button></form>',
        html,
    )
    assert form is not None
    assert form[1] == reverse("account_logout")
    response = client.post(form[1], {"csrfmiddlewaretoken": form[2]})
    assert response.status_code == 302
    assert client.get(reverse("journal:entry_list")).status_code == 302  # signed out


def test_signed_out_pages_offer_sign_in_instead_of_the_menu(client):
    html = client.get(reverse("crisis")).content.decode()
    assert 'aria-label="Main"' not in html
    assert f'href="{reverse("account_login")}"' in html
    assert f'href="{reverse("account_signup")}"' in html
