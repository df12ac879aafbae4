"""What is due to whom, and each person's choices about it.

A `Notification` row is one message to one person through one channel. The events that make it
due create it (notifications/schedule.py); the sender (notifications/sender.py) claims, sends
and marks it. `(person, kind, key, channel)` is unique, so the same notification is never
created twice: a session's 24-hour follow-up is `follow_up` / `session:<id>:24h`.
A row never holds health text: only its kind, a key of ids and a link to a page."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Session follow-ups")
    CHECK_IN = "check_in", _("Daily check-in")
    QUESTIONNAIRE = "questionnaire", _("Questionnaires due before a session")
    NOTE = "note", _("A reflection or a support-person note for you")
    CARE_DIGEST = "care_digest", _("New flags and shared items (at most one an hour)")
    ESCALATION = "escalation", _("Clinic escalations")


# Kinds a patient is asked about; kinds only clinic staff are asked about.
PATIENT_KINDS = [Kind.FOLLOW_UP, Kind.CHECK_IN, Kind.QUESTIONNAIRE, Kind.NOTE]
STAFF_KINDS = [Kind.CARE_DIGEST, Kind.ESCALATION]


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    PUSH = "push", _("push")


class Status(models.TextChoices):
    PENDING = "pending", "waiting"
    SENDING = "sending", "sending"
    SENT = "sent", "sent"
    # Not sent, on purpose: the kind was turned off, its moment passed in a pause, nothing due.
    SKIPPED = "skipped", "skipped"
    # Given up after MAX_ATTEMPTS failed tries (or a worker stopped mid-send).
    FAILED = "failed", "failed"


def default_quiet_start() -> dt.time:
    return dt.time(21, 0)


def default_quiet_end() -> dt.time:
    return dt.time(8, 0)


class Preference(models.Model):
    """One person's choices. Created with defaults when first needed (`for_person`)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    follow_up = models.BooleanField(_("Session follow-ups"), default=True)
    check_in = models.BooleanField(_("Daily check-in"), default=False)
    check_in_time = models.TimeField(_("Check-in time"), null=True, blank=True)
    questionnaire = models.BooleanField(_("Questionnaires due before a session"), default=True)
    note = models.BooleanField(_("A reflection or a support-person note for you"), default=True)
    care_digest = models.BooleanField(_("New flags and shared items"), default=False)
    escalation = models.BooleanField(_("Clinic escalations"), default=False)
    quiet_start = models.TimeField(_("Quiet from"), default=default_quiet_start)
    quiet_end = models.TimeField(_("Quiet until"), default=default_quiet_end)
    paused_until = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Notification choices of {self.person_id}"

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind, False))

    def is_paused(self, now: dt.datetime) -> bool:
        return self.paused_until is not None and self.paused_until > now


class NotificationQuerySet(models.QuerySet):
    def for_owner(self, user):
        return self.filter(person=user)


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Ids only ("session:<uuid>:24h"): what makes this notification this one.
    key = models.CharField(max_length=120)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    # The session it is about: a moved session moves it, a deleted one takes it along.
    session = models.ForeignKey(
        "journal.TreatmentSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # A path on this site, behind sign-in.
    url = models.CharField(max_length=200)
    due_at = models.DateTimeField()
    # When the next try is due: `due_at`, later when deferred (quiet hours, pause) or retried.
    next_attempt_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["next_attempt_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "key", "channel"], name="notification_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self):
        return f"{self.kind} {self.key} → {self.person_id} by {self.channel} ({self.status})"
