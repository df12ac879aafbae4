from django.apps import AppConfig
from django.db.models.signals import post_delete


class JournalConfig(AppConfig):
    name = "journal"

    def ready(self):
        from journal.attachments import delete_files_on_commit
        from journal.models import Attachment

        # However a row goes (removed by hand, its entry purged from the trash, the account
        # erased): its files leave storage once the deletion is committed.
        post_delete.connect(
            lambda sender, instance, **kwargs: delete_files_on_commit(instance),
            sender=Attachment,
            weak=False,
            dispatch_uid="journal.attachment_files",
        )
