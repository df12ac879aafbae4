import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integration_journal.markdown import render_markdown


class IntentionQuerySet(models.QuerySet):
    def for_owner(self, user):
        """The owner's intentions that are not in the trash."""
        return self.filter(owner=user, deleted_at__isnull=True)

    def in_trash(self, user):
        return self.filter(owner=user, deleted_at__isnull=False)


class Intention(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ACHIEVED = "achieved", _("Achieved")
        RELEASED = "released", _("Let go")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intentions"
    )
    title = models.CharField(max_length=200)
    success_looks_like = models.TextField("what success would look like", blank=True)
    troubles_most = models.TextField("what troubles me most now", blank=True)
    replace_with = models.TextField("what I want in its place", blank=True)
    why_it_matters = models.TextField("why it matters", blank=True)
    # The four texts above are Markdown, rendered once at save (see render_texts()).
    success_looks_like_html = models.TextField(blank=True, editable=False)
    troubles_most_html = models.TextField(blank=True, editable=False)
    replace_with_html = models.TextField(blank=True, editable=False)
    why_it_matters_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_changed_at = models.DateTimeField(default=timezone.now)
    order = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = IntentionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "created"]
        indexes = [models.Index(fields=["owner", "status", "order"])]

    TEXT_FIELDS = ("success_looks_like", "troubles_most", "replace_with", "why_it_matters")

    def __str__(self):
        return self.title

    def render_texts(self) -> None:
        for name in self.TEXT_FIELDS:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)))

    def set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.status_changed_at = timezone.now()


class Action(models.Model):
    """A concrete step the patient will take towards an intention."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    intention = models.ForeignKey(Intention, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=500)
    order = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "created"]

    def __str__(self):
        return self.text


class Review(models.Model):
    """A revisit of an intention: how far along it feels (0-10) and a note."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    intention = models.ForeignKey(Intention, on_delete=models.CASCADE, related_name="reviews")
    progress = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    note_html = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=10), name="review_progress_0_10"
            )
        ]

    def __str__(self):
        return f"{self.progress}/10 on {self.created:%Y-%m-%d}"
