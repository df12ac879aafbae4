from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo
from accounts.models import User
from care import demo as care_demo
from intentions import demo as intentions_demo
from journal import demo as journal_demo
from measures import demo as measures_demo
from practices import demo as practices_demo

DEMO_EMAILS = [
    "demo@example.org",
    "therapist@example.org",
    "clinic@example.org",
    "friend@example.org",
]


class Command(BaseCommand):
    help = "Create demo people and a realistic journal to explore. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo people first, then re-create."
        )

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        if reset:
            User.objects.filter(email__in=DEMO_EMAILS).delete()
        elif User.objects.filter(email="demo@example.org").exists():
            self.stdout.write("Demo data is already there (use --reset to start over).")
            return
        people = demo.seed()
        for app_demo in (care_demo, intentions_demo, journal_demo, practices_demo, measures_demo):
            app_demo.seed(people)
        # Sharing needs the journal's items, so the care app shares them after everyone else.
        care_demo.seed_shares(people)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Sign in as demo@example.org (patient), therapist@example.org "
                f"or clinic@example.org with the password {demo.DEMO_PASSWORD!r}."
            )
        )
