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

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    data = models.JSONField()
    file_name = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.file_name or str(self.pk)
