from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from care.escalation import escalate_due_flags


class Command(BaseCommand):
    help = (
        "Escalate questionnaire flags left unacknowledged past each clinic's period to its "
        "safety contacts (once per flag and clinic). Run from cron, e.g. every 15 minutes."
    )

    def handle(self, *args, **options):
        count = escalate_due_flags()
        self.stdout.write(
            ngettext("%(n)s flag escalated.", "%(n)s flags escalated.", count) % {"n": count}
        )
