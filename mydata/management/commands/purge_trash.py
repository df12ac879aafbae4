from django.core.management.base import BaseCommand

from mydata.tasks import purge_expired


class Command(BaseCommand):
    help = "Delete trashed entries and intentions older than 30 days, and expired exports."

    def handle(self, *args, **options):
        counts = purge_expired()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
