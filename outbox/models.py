"""Every email the app sends, from the moment a request asks for it until it is sent or given up.

A request only renders the message and stores it here; a task sends it (see outbox/mail.py). The
bodies are kept only while the message still has to go out: they hold sign-in links, so they are
blanked once the message is sent or given up."""

import uuid

from django.db import models
from django.utils import timezone


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    to = models.EmailField(max_length=254)
    from_email = models.CharField(max_length=254)
    subject = models.CharField(max_length=998)
    text_body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the next try is due; empty once the message is sent or given up.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = "outgoing mail"
        verbose_name_plural = "outgoing mail"

    def __str__(self):
        return f"{self.subject} → {self.to} ({self.status})"

    @property
    def given_up(self) -> bool:
        return self.status == self.Status.FAILED and self.next_attempt_at is None
