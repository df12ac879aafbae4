import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from measures.instruments import ANSWERS, DEFAULT_TRACKED, INSTRUMENTS, SAFETY_ITEM


class ResponseQuerySet(models.QuerySet):
    def for_owner(self, user):
        return self.filter(owner=user)


class FlagState(models.TextChoices):
    NONE = "", _("No item-9 answer above 0")
    PRIVATE = "private", _("Private: nobody was alerted")
    FLAGGED = "flagged", _("Flagged for the care team")


class Response(models.Model):
    """One completed questionnaire. The total (the sum of the answers) and the band (empty for
    instruments without bands) are computed from the answers by `score_response`; the PEG's
    score, the mean of its three answers, is derived from the total (`score`)."""

    class Instrument(models.TextChoices):
        PHQ9 = "phq9", _("PHQ-9 (depression)")
        GAD7 = "gad7", _("GAD-7 (anxiety)")
        PCL5 = "pcl5", _("PCL-5 (post-traumatic stress)")
        PEG = "peg", _("PEG (pain)")

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
    # Decided once, when the answer is saved, from whether the patient shared questionnaires
    # with a care team at that moment (the care app decides, see care/apps.py). The result page
    # tells the patient who is alerted from this field, so a later change of consent can never
    # turn a private answer into an alert.
    flag_state = models.CharField(
        max_length=10, choices=FlagState.choices, default=FlagState.NONE, blank=True
    )
    # Set by a care-team therapist who has seen an item-9 flag (logged as an AccessEvent).
    flag_acknowledged_at = models.DateTimeField(null=True, blank=True)
    flag_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="acknowledged_flags",
    )

    FlagState = FlagState

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["owner", "instrument", "created"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(instrument="phq9") & Q(total__lte=27))
                | (Q(instrument="gad7") & Q(total__lte=21))
                | (Q(instrument="pcl5") & Q(total__lte=80))
                | (Q(instrument="peg") & Q(total__lte=30)),
                name="response_total_in_range",
            ),
            models.CheckConstraint(
                condition=Q(item9_positive=False) | Q(instrument="phq9"),
                name="response_item9_only_phq9",
            ),
        ]

    def __str__(self):
        return f"{self.get_instrument_display()}: {self.score} on {self.created:%Y-%m-%d}"

    @property
    def is_flag(self) -> bool:
        return self.flag_state == FlagState.FLAGGED

    @property
    def item9_answer(self) -> str:
        """The PHQ-9 item-9 answer in the questionnaire's own words ("Several days")."""
        if self.instrument != "phq9":
            return ""
        return dict(ANSWERS).get(self.answers[SAFETY_ITEM], "")

    @property
    def spec(self):
        return INSTRUMENTS[self.instrument]

    @property
    def score(self):
        """What the questionnaire reports: the total, or for the PEG the mean (one decimal)."""
        return self.spec.score(self.total)

    @property
    def band_label(self) -> str:
        """The stored band ("Mild") in the reader's language (instruments.py marks them)."""
        return gettext(self.band) if self.band else ""

    @property
    def summary(self) -> str:
        """The band in lower case, or for instruments without bands what may be said instead:
        beside the PCL-5's provisional threshold, never a diagnosis."""
        if self.band:
            return self.band_label.lower()
        threshold = self.spec.threshold
        if threshold:
            if self.total >= threshold.value:
                text = gettext("at or above the provisional threshold of {value}")
            else:
                text = gettext("below the provisional threshold of {value}")
            return text.format(value=threshold.value)
        return ""


class TrackedMeasures(models.Model):
    """Which questionnaires a person tracks: those are suggested before sessions and reminded
    of; the others stay reachable. No row means the defaults (PHQ-9 and GAD-7).
    `suggestion_answered` is the clinic's suggested set the person last accepted or declined,
    so the same suggestion is not shown again."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_measures"
    )
    codes = models.JSONField(default=list)
    suggestion_answered = models.JSONField(default=list, blank=True)
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return ", ".join(self.codes)


def tracked_codes(user) -> list[str]:
    """The person's tracked questionnaires in catalogue order (the defaults without a row)."""
    row = TrackedMeasures.objects.filter(owner=user).values_list("codes", flat=True).first()
    chosen = set(DEFAULT_TRACKED if row is None else row)
    return [code for code in INSTRUMENTS if code in chosen]
