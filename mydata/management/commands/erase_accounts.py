from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from mydata.tasks import due_deletions, erase_account


class Command(BaseCommand):
    help = "Erase accounts whose 7-day deletion grace period is over (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        due = list(due_deletions().values_list("user_id", flat=True))
        for user_id in due:
            erase_account.enqueue(str(user_id))
        self.stdout.write(
            ngettext(
                "Erasure queued for %(n)s account.", "Erasure queued for %(n)s accounts.", len(due)
            )
            % {"n": len(due)}
        )
