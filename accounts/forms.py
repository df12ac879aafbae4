import datetime as dt
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from integration_journal.i18n import supported

# UTC, then the "Area/City" zones people recognise. Left out: the Etc/GMT±N zones (their sign is
# the reverse of the offset: Etc/GMT+5 is five hours behind UTC), abbreviations and aliases such
# as EST, GMT0, Zulu or localtime. A browser names its zone the same way (Europe/Berlin).
TIME_ZONE_CHOICES = [("UTC", "UTC")] + [
    (tz, tz.replace("_", " "))
    for tz in sorted(zoneinfo.available_timezones())
    if "/" in tz and not tz.startswith("Etc/")
]
TIME_ZONE_NAMES = {tz for tz, _ in TIME_ZONE_CHOICES}


def time_zone_label(name: str) -> str:
    """A saved zone outside the list, described by its current offset from UTC."""
    offset = dt.datetime.now(zoneinfo.ZoneInfo(name)).strftime("%z")  # e.g. -0500
    sign = "−" if offset.startswith("-") else "+"
    return f"UTC{sign}{offset[1:3]}:{offset[3:]} ({name})"


def reject_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError(
            _("This text contains a character that cannot be stored (NUL).")
        )
    return value


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("What should we call you?"),
        max_length=100,
        required=False,
        help_text=_("A first name or nickname is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=TIME_ZONE_CHOICES,
        initial="UTC",
        help_text=_("Dates in your journal follow it. You can change it later in Settings."),
    )

    field_order = ["display_name", "email", "password1", "password2", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # static/js/timezone.js selects the browser's zone; without JavaScript, UTC stays.
            self.fields["time_zone"].widget.attrs["data-device-time-zone"] = "preselect"

    def clean_display_name(self):
        return reject_nul(self.cleaned_data["display_name"]).strip()

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "time_zone"])


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=TIME_ZONE_CHOICES,
        # static/js/timezone.js offers the browser's zone when it differs; it never changes it.
        widget=forms.Select(
            attrs={
                "data-device-time-zone": "suggest",
                # static/js/timezone.js puts the zone's name in place of %s.
                "data-device-time-zone-text": _("Use this device's time zone: %s"),
            }
        ),
    )
    # Each language named in itself ("Español"), so a person who cannot read the page's language
    # still finds theirs.
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("Your pages, emails, notifications and PDFs are in it."),
    )

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "language"]
        labels = {"display_name": _("What should we call you?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Someone who never chose sees the language they are reading preselected.
        current = supported(self.instance.language) or supported(translation.get_language())
        self.initial["language"] = current
        if self.is_bound and "language" not in self.data:
            # A form sent without the field (an older page) keeps the language as it is.
            self.data = self.data.copy()
            self.data["language"] = current
        saved = self.instance.time_zone
        if saved and saved not in TIME_ZONE_NAMES:
            # Kept selectable, so saving the name does not force a change of zone.
            self.fields["time_zone"].choices = [(saved, time_zone_label(saved)), *TIME_ZONE_CHOICES]

    def clean_display_name(self):
        return reject_nul(self.cleaned_data["display_name"]).strip()
