from django.core.management.base import BaseCommand

from integration_journal.i18n import compile_catalogues


class Command(BaseCommand):
    help = (
        "Compile the translation catalogues (locale/*/LC_MESSAGES/*.po) into .mo files, in pure "
        "Python: unlike compilemessages it needs no GNU gettext. `make setup` runs it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Recompile up-to-date files too.")

    def handle(self, *args, force=False, **options):
        written = compile_catalogues(force=force)
        for path in written:
            self.stdout.write(f"Compiled {path.parent.parent.name}/{path.parent.name}/{path.name}")
        if not written:
            self.stdout.write("Catalogues are up to date.")
