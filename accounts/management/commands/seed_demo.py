from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo
from accounts.models import User

# Apps that add demo content, in dependency order. Each has demo.py with seed(people).
DEMO_APPS = ["care", "intentions", "journal", "practices", "measures", "reports"]


class Command(BaseCommand):
    help = "Create demo people and a realistic journal to explore. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo people first, then re-create."
        )

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        demo_emails = ["demo@example.org", "therapist@example.org", "clinic@example.org",
                       "friend@example.org"]  # fmt: skip
        if reset:
            User.objects.filter(email__in=demo_emails).delete()
        elif User.objects.filter(email="demo@example.org").exists():
            self.stdout.write("Demo data is already there (use --reset to start over).")
            return
        people = demo.seed()
        for app in DEMO_APPS:
            if find_spec(f"{app}.demo"):
                import_module(f"{app}.demo").seed(people)
        # Sharing needs the journal's items, so the care app shares them after everyone else.
        if find_spec("care.demo") and hasattr(import_module("care.demo"), "seed_shares"):
            import_module("care.demo").seed_shares(people)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Sign in as demo@example.org (patient), therapist@example.org "
                f"or clinic@example.org with the password {demo.DEMO_PASSWORD!r}."
            )
        )
