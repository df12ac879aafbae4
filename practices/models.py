import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class PracticeQuerySet(models.QuerySet):
    def available_to(self, user):
        """The clinic's catalogue plus the person's own practices."""
        return self.filter(Q(owner__isnull=True) | Q(owner=user))


class Practice(models.Model):
    """An integration practice: from the catalogue (no owner) or a person's own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="custom_practices",
    )
    key = models.SlugField(max_length=40, blank=True, help_text="Stable key of catalogue items.")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    created = models.DateTimeField(default=timezone.now)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="practice_unique_per_owner"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(owner__isnull=True), name="practice_unique_catalogue"
            ),
        ]

    def __str__(self):
        from practices.catalogue import practice_label

        return self.name if self.owner_id else practice_label(self.name)

    @property
    def is_meditation(self) -> bool:
        return self.key == "meditation"


class PracticeChoice(models.Model):
    """A practice the person has chosen to work on."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_choices"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="choices")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "practice"], name="practice_choice_unique")
        ]

    def __str__(self):
        return f"{self.owner_id}: {self.practice}"


class CheckInQuerySet(models.QuerySet):
    def for_owner(self, user):
        return self.filter(owner=user)


class CheckIn(models.Model):
    """One day's check-in: mood, sleep, the practices done, a note. One per person per day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    date = models.DateField()
    mood = models.PositiveSmallIntegerField(null=True, blank=True)
    sleep_hours = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    note = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "date"], name="checkin_one_per_day"),
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=0, mood__lte=10),
                name="checkin_mood_0_10",
            ),
            models.CheckConstraint(
                condition=Q(sleep_hours__isnull=True) | Q(sleep_hours__gte=0, sleep_hours__lte=24),
                name="checkin_sleep_0_24",
            ),
        ]

    def __str__(self):
        return f"Check-in {self.date}"


class PracticeLog(models.Model):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="logs")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="logs")
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["check_in", "practice"], name="practicelog_unique"),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__lte=1440),
                name="practicelog_minutes_in_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.practice} ({self.minutes or '–'} min)"
