import io
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User

DEMO_EMAILS = {
    "patient": "demo@example.org",
    "therapist": "therapist@example.org",
    "clinic_admin": "clinic@example.org",
    "support_person": "friend@example.org",
}


@dataclass
class Demo:
    """The demo data (`seed_demo`): its people by role, and a few of its pages."""

    people: dict

    @cached_property
    def patient(self) -> User:
        return self.people["patient"]

    @cached_property
    def entry_url(self) -> str:
        entry = self.patient.entries.order_by("-created").first()
        return reverse("journal:entry_detail", args=[entry.pk])

    @cached_property
    def patient_url(self) -> str:
        return reverse("care:patient", args=[self.patient.pk])

    @cached_property
    def clinic_url(self) -> str:
        from care.models import Membership

        membership = Membership.objects.filter(user=self.people["clinic_admin"]).first()
        return reverse("care:clinic", args=[membership.clinic_id])


@pytest.fixture
def demo(db) -> Demo:
    call_command("seed_demo", stdout=io.StringIO())
    people = {role: User.objects.get(email=email) for role, email in DEMO_EMAILS.items()}
    return Demo(people=people)
