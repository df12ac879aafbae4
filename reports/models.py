import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportBatch(models.Model):
    """A clinic admin's export of many patients' reports, downloaded as one zip."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_batches"
    )
    clinic = models.ForeignKey("care.Clinic", on_delete=models.CASCADE, related_name="batches")
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"Batch {self.created:%Y-%m-%d %H:%M}"


class ReportFile(models.Model):
    """A progress PDF, rendered by a task and stored privately in the database for 24 hours."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requested_reports"
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    batch = models.ForeignKey(
        ReportBatch, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    scope = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    pdf = models.BinaryField(null=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Report {self.created:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def filename(self) -> str:
        start, end = self.scope.get("start", ""), self.scope.get("end", "")
        return f"progress-{start}-to-{end}.pdf"
