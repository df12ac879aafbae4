from django.core.management.base import BaseCommand

from notifications.sender import send_due
from notifications.tasks import send_notifications


class Command(BaseCommand):
    help = (
        "Send every notification that is due (follow-ups, check-ins, notes, digests), at most "
        "once each, respecting quiet hours and pauses. Run it every minute (systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the send_notifications task for a db_worker instead of sending here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            send_notifications.enqueue()
            self.stdout.write("Enqueued send_notifications.")
            return
        result = send_due()
        self.stdout.write(
            f"Sent {result.sent}, deferred {result.deferred}, skipped {result.skipped}, "
            f"retrying {result.failed}, given up {result.gave_up}."
        )
