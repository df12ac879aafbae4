import uuid

from django.core.management.base import BaseCommand, CommandError

from care.audit import verify_chains


class Command(BaseCommand):
    help = (
        "Walk the access log's hash chains (one per patient) and report the first broken link "
        "of each. Exits non-zero if any link is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--patient", help="only the chain of this patient id (or former id)")

    def handle(self, *args, patient=None, **options):
        if patient:
            try:
                patient = str(uuid.UUID(patient))
            except ValueError:
                raise CommandError(f"Not a patient id: {patient!r}") from None
        result = verify_chains(patient)
        if result.broken:
            for link in result.broken:
                self.stderr.write(f"BROKEN {link}")
            raise CommandError(
                f"{len(result.broken)} of {result.chains} chain(s) broken "
                f"({result.events} event(s) read)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"OK: {result.chains} chain(s), {result.events} event(s) verified.")
        )
