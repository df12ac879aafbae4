from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete

from journal.storage import attachment_storage


def _forget_kept_archive(sender, instance, **kwargs):
    """A pending import's kept zip leaves storage with it (confirmed, or purged after a day)."""
    if instance.archive_name:
        name = instance.archive_name
        transaction.on_commit(lambda: attachment_storage.delete(name))


class MydataConfig(AppConfig):
    name = "mydata"
    verbose_name = "My data"

    def ready(self):
        from mydata.models import PendingImport

        post_delete.connect(
            _forget_kept_archive, sender=PendingImport, dispatch_uid="mydata.kept_archive"
        )
