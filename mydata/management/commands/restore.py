from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mydata.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database, which must "
        "be new or empty (PostgreSQL: created if missing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path)

    def handle(self, *args, backup=None, **options):
        try:
            restore(backup)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {backup}."))
