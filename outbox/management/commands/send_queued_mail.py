from django.core.management.base import BaseCommand

from outbox.mail import purge_old, send_due


class Command(BaseCommand):
    help = "Send queued mail whose time has come (retries after a failure) and forget old rows."

    def handle(self, *args, **options):
        sent, failing = send_due()
        purged = purge_old()
        self.stdout.write(f"sent {sent}, still failing {failing}, forgotten {purged}")
