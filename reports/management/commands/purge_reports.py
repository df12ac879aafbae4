from django.core.management.base import BaseCommand

from reports.tasks import purge_expired


class Command(BaseCommand):
    help = "Delete progress reports older than 24 hours (run hourly or daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {purge_expired()} expired report(s).")
