"""Demo people. Each app with demo content has a `demo.py` with `seed(people)`; the
`seed_demo` command calls them in dependency order."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from accounts.models import User

DEMO_PASSWORD = "integration-demo"  # noqa: S105 - documented demo credential, local only


@dataclass
class DemoPeople:
    patient: User
    therapist: User
    clinic_admin: User
    support_person: User


def make_user(email: str, display_name: str, time_zone: str = "America/New_York") -> User:
    user = User.objects.create_user(
        email=email, password=DEMO_PASSWORD, display_name=display_name, time_zone=time_zone
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def seed() -> DemoPeople:
    return DemoPeople(
        patient=make_user("demo@example.org", "Sam"),
        therapist=make_user("therapist@example.org", "Dr. Rivera"),
        clinic_admin=make_user("clinic@example.org", "Jordan (clinic)"),
        support_person=make_user("friend@example.org", "Alex"),
    )
