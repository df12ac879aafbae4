"""Each role signs in, lands on its own home and reaches its main task in two clicks; the
screenshots of each home at phone and desktop size land in docs/screenshots/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from care.models import CareLink, CareTeamMember, Clinic, Membership, Onboarding, SupportInvite
from journal.models import TreatmentSession
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, follow, sign_in
from tests.helpers import PASSWORD, enable_totp, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def people():
    clinic = Clinic.objects.create(name="Riverside")
    therapist = make_user("rivera@example.org", "Dr. Rivera")
    admin = make_user("admin@example.org", "Ada")
    sam = make_user("sam@example.org", "Sam", time_zone="America/Chicago")
    friend = make_user("friend@example.org", "Jo", time_zone="Europe/Berlin")
    secrets = {"therapist": enable_totp(therapist), "admin": enable_totp(admin)}
    Membership.objects.create(clinic=clinic, user=therapist, role=Membership.Role.THERAPIST)
    Membership.objects.create(clinic=clinic, user=admin, role=Membership.Role.ADMIN)
    link = CareLink.objects.create(patient=sam, clinic=clinic)
    CareTeamMember.objects.create(link=link, therapist=therapist)
    session = TreatmentSession.objects.create(
        owner=sam, number=1, date=timezone.now() + timedelta(days=3)
    )
    SupportInvite.objects.create(
        patient=sam,
        session=session,
        email=friend.email,
        token_hash="y" * 64,
        accepted_at=timezone.now(),
        support_person=friend,
    )
    return clinic, secrets


def shoot(browser_tab, live_server, email, secret, name, path_expected):
    """Sign in once (a TOTP code works only once) and photograph the home at both sizes."""
    tab = browser_tab(viewport=PHONE)
    sign_in(tab.page, live_server.url, email, PASSWORD, totp_secret=secret)
    assert tab.page.url == live_server.url + path_expected, tab.page.url
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        tab.page.set_viewport_size(viewport)
        tab.page.screenshot(path=SCREENSHOTS / f"home-{name}-{size}.png", full_page=True)
    return tab


def test_each_role_lands_on_its_home_and_reaches_its_task(tab, live_server):
    clinic, secrets = people()
    base = live_server.url

    therapist = shoot(
        tab,
        live_server,
        "rivera@example.org",
        secrets["therapist"],
        "therapist",
        "/care/dashboard/",
    )
    admin = shoot(
        tab,
        live_server,
        "admin@example.org",
        secrets["admin"],
        "clinic",
        f"/care/clinics/{clinic.pk}/",
    )
    friend = shoot(tab, live_server, "friend@example.org", None, "support", "/care/support/")
    patient = shoot(tab, live_server, "sam@example.org", None, "patient", "/")

    # Therapist: home → a patient (one click).
    therapist.page.click("main >> text=Sam")
    assert "/care/patients/" in therapist.page.url

    # Clinic: home → invite someone (the invitation form is on the home itself).
    assert admin.page.locator("form[action$='/invites/']").count() == 1

    # Support person: home → the session, with Sam's zone named.
    assert "(America/Chicago, Sam’s time)" in friend.page.content()
    friend.page.click("main >> text=Sam’s session")
    assert "/care/support/" in friend.page.url and friend.page.url != base + "/care/support/"

    # Patient: home → write an entry.
    patient.page.click("nav >> text=Journal")
    assert "/journal/" in patient.page.url


def test_a_new_patient_is_walked_through_getting_started(tab, live_server):
    clinic, _ = people()
    newcomer = make_user("new@example.org", "Robin")
    Onboarding.objects.create(user=newcomer)
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        Onboarding.objects.filter(user=newcomer).update(started_at=None)
        page = tab(viewport=viewport).page
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_login", "new@example.org")
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url("**/care/welcome/1/")
        page.screenshot(path=SCREENSHOTS / f"onboarding-start-{size}.png", full_page=True)
    page.click("text=Next")
    page.click("text=Next")
    page.fill("#id_code", clinic.join_code)
    page.click("form:has(#id_code) button[type=submit]")
    page.wait_for_url("**/care/welcome/3/")
    assert "Choose a therapist" in page.content()
    page.screenshot(path=SCREENSHOTS / "onboarding-clinic-desktop.png", full_page=True)
    follow(page, "text=Skip for now")
    assert "Continue where you left off" in page.content()
