import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataExport(models.Model):
    """A zip of everything a person wrote, built by a task, downloadable for 24 hours."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    archive = models.BinaryField(null=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Export {self.created:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class PendingImport(models.Model):
    """A validated archive waiting for the person to confirm the preview."""

    class Source(models.TextChoices):
        OWN = "own", "Integration Journal export"
        DAYONE = "dayone", "Day One"
        JRNL = "jrnl", "jrnl"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    # What made the file: our own export (data is its journal.json) or another journal app
    # (data is what mydata.importers read from it, entries already in one shape).
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.OWN)
    data = models.JSONField()
    file_name = models.CharField(max_length=255, blank=True)
    # The uploaded zip, kept in the private attachments storage when it holds photos or voice
    # notes, so confirming can read their files; deleted with the row (mydata/apps.py).
    archive_name = models.CharField(max_length=200, blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.file_name or str(self.pk)
