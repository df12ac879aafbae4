from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mydata.backups import BackupError, backup, default_name


class Command(BaseCommand):
    help = (
        "Back up the whole database: SQLite with its online backup API, PostgreSQL with "
        "pg_dump --format=custom. Safe while the app runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="file to write (default: a dated name)")

    def handle(self, *args, output=None, **options):
        try:
            path = backup(output or Path(default_name()))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size} bytes)."))
