from django.core.management.base import BaseCommand

from push import vapid


class Command(BaseCommand):
    help = "Print a fresh VAPID key pair for web push, as lines for the environment file."

    def handle(self, *args, **options):
        public, private = vapid.generate_pair()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
