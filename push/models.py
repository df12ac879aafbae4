"""A browser's push subscription: one row per device (browser profile) a person turned on."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PushSubscriptionQuerySet(models.QuerySet):
    def for_owner(self, user):
        return self.filter(user=user)


class PushSubscription(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    # The push service's URL for this browser; a browser has one per site, so it is unique.
    endpoint = models.URLField(max_length=2000, unique=True)
    # The browser's P-256 public key and auth secret (base64url), to encrypt each message.
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    # "Chrome on Android": from the user agent, so the person can tell their devices apart.
    label = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(default=timezone.now)
    last_success = models.DateTimeField(null=True, blank=True)
    last_failure = models.DateTimeField(null=True, blank=True)
    # The push service's answer to the last failed try (a status code or a network error's kind).
    last_error = models.CharField(max_length=200, blank=True)

    objects = PushSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.label or "A device"

    def subscription_info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    @property
    def failing(self) -> bool:
        return self.last_failure is not None and (
            self.last_success is None or self.last_failure > self.last_success
        )
