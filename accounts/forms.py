import zoneinfo

from django import forms

from accounts.models import User

TIME_ZONE_CHOICES = [(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones())]


def reject_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError("This text contains a character that cannot be stored (NUL).")
    return value


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label="What should we call you?",
        max_length=100,
        required=False,
        help_text="Optional. A first name or nickname is fine.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    time_zone = forms.ChoiceField(label="Your time zone", choices=TIME_ZONE_CHOICES, initial="UTC")

    field_order = ["display_name", "email", "password1", "password2", "time_zone"]

    def clean_display_name(self):
        return reject_nul(self.cleaned_data["display_name"]).strip()

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "time_zone"])


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label="Your time zone", choices=TIME_ZONE_CHOICES)

    class Meta:
        model = User
        fields = ["display_name", "time_zone"]
        labels = {"display_name": "What should we call you?"}

    def clean_display_name(self):
        return reject_nul(self.cleaned_data["display_name"]).strip()


class ImportForm(forms.Form):
    archive = forms.FileField(
        label="Export file (.zip)",
        help_text="A zip made by Integration Journal's “Export everything”. Up to 20 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_archive(self):
        from accounts.importer import MAX_ARCHIVE_BYTES

        archive = self.cleaned_data["archive"]
        if archive.size > MAX_ARCHIVE_BYTES:
            raise forms.ValidationError(
                "This file is larger than 20 MB, more than an export can be."
            )
        return archive
