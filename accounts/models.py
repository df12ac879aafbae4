import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: patient, therapist, clinic staff or support person.

    Roles are relationships (care app), not flags on the user.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("How the app greets you, and how your care team sees your name."),
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # The language of their pages, emails, notifications and PDFs (settings.LANGUAGES). Empty
    # until chosen or stored at sign-up/sign-in: then the browser's language (integration_journal
    # .i18n). Set on the settings page and by the language switch.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, blank=True, default="")
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]

    def get_full_name(self):
        return self.display_name or self.email


class DeletionRequest(models.Model):
    """An account scheduled for erasure. Signing in before `erase_after` cancels it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="deletion_request")
    requested_at = models.DateTimeField(default=timezone.now)
    erase_after = models.DateTimeField()

    def __str__(self):
        return f"Erase {self.user_id} after {self.erase_after:%Y-%m-%d}"
