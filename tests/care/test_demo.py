import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.management import call_command

from care import access
from care.demo import DEMO_CLINIC, DEMO_TOTP_SECRET, seed_shares
from care.models import Clinic, Reflection, Share, SupportNote

pytestmark = pytest.mark.django_db


def test_demo_builds_the_clinic_and_care_team():
    call_command("seed_demo")
    clinic = Clinic.objects.get(name=DEMO_CLINIC)
    roles = sorted(clinic.memberships.values_list("user__email", "role"))
    assert roles == [
        ("clinic@example.org", "admin"),
        ("okafor@example.org", "therapist"),
        ("therapist@example.org", "therapist"),
    ]
    link = clinic.care_links.get()
    assert link.patient.email == "demo@example.org"
    assert link.consents_to_clinic_reports and link.share_measures
    assert access.is_care_team_member(
        clinic.memberships.get(user__email="therapist@example.org").user, link.patient
    )
    assert clinic.resources.count() >= 5


def test_demo_therapist_totp_uses_the_documented_secret():
    import time

    call_command("seed_demo")
    authenticator = Authenticator.objects.get(user__email="therapist@example.org", type="totp")
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
    assert TOTP(authenticator).validate_code(code)


def test_demo_reset_runs_twice():
    call_command("seed_demo")
    call_command("seed_demo", reset=True)
    assert Clinic.objects.filter(name=DEMO_CLINIC).count() == 1


def test_demo_shares_items_reflection_and_support_notes():
    from accounts.models import User
    from tests.care.conftest import make_entry, make_intention, make_session

    call_command("seed_demo")
    patient = User.objects.get(email="demo@example.org")
    therapist = User.objects.get(email="therapist@example.org")
    if not access.visible_entries(patient, patient).exists():
        make_entry(patient)
        make_intention(patient)
        make_session(patient)
        from accounts.demo import DemoPeople

        seed_shares(
            DemoPeople(
                patient=patient,
                therapist=therapist,
                clinic_admin=User.objects.get(email="clinic@example.org"),
                support_person=User.objects.get(email="friend@example.org"),
            )
        )
    assert access.visible_entries(therapist, patient).exists()
    assert Share.objects.filter(intention__isnull=False).exists()
    assert Reflection.objects.filter(author=therapist).exists()
    assert SupportNote.objects.count() == 2


def test_the_demo_journal_happened_over_weeks_not_all_today():
    """Its calendar, "on this day" and timeline show a treatment's weeks: each entry happened
    when it was written (happened_at defaulted to the moment of seeding)."""
    from journal.models import Entry

    call_command("seed_demo")
    entries = Entry.objects.filter(owner__email="demo@example.org")
    assert entries.count() > 10
    assert all(e.happened_at == e.created for e in entries)
    assert len({e.happened_at.date() for e in entries}) > 10
