import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from measures.instruments import INSTRUMENTS


class ResponseQuerySet(models.QuerySet):
    def for_owner(self, user):
        return self.filter(owner=user)


class Response(models.Model):
    """One completed PHQ-9 or GAD-7. Totals and bands are computed at save from the answers."""

    class Instrument(models.TextChoices):
        PHQ9 = "phq9", "PHQ-9 (depression)"
        GAD7 = "gad7", "GAD-7 (anxiety)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_responses"
    )
    instrument = models.CharField(max_length=10, choices=Instrument.choices)
    answers = models.JSONField()
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=40)
    item9_positive = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)
    # Set by a care-team therapist who has seen an item-9 flag (logged as an AccessEvent).
    flag_acknowledged_at = models.DateTimeField(null=True, blank=True)
    flag_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="acknowledged_flags",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["owner", "instrument", "created"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(instrument="phq9") & Q(total__lte=27))
                | (Q(instrument="gad7") & Q(total__lte=21)),
                name="response_total_in_range",
            ),
            models.CheckConstraint(
                condition=Q(item9_positive=False) | Q(instrument="phq9"),
                name="response_item9_only_phq9",
            ),
        ]

    def __str__(self):
        return f"{self.get_instrument_display()}: {self.total} on {self.created:%Y-%m-%d}"

    @property
    def spec(self):
        return INSTRUMENTS[self.instrument]
