"""Adding a photo (or drawing) or a voice note to an entry, and describing a photo."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from journal.attachments import ACCEPT, AttachmentRefused, prepare, read_limited

ALT_HELP = _("A few words for someone who cannot see it (read aloud by screen readers).")


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Photo, drawing or voice note"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "data-attachment-file": ""}),
        error_messages={
            "required": _("Choose a photo or voice note first."),
            "empty": _("This file is empty."),
            "invalid": _("This file could not be read. Please try another."),
        },
        allow_empty_file=False,
    )
    alt_text = forms.CharField(
        label=_("Describe the photo or drawing"), max_length=300, required=False, help_text=ALT_HELP
    )
    # Filled in by the recorder (static/js/recorder.js): WebM recordings carry no duration.
    recorded_seconds = forms.FloatField(
        required=False, min_value=0, max_value=24 * 3600, widget=forms.HiddenInput
    )
    # Set by the drawing pad (static/js/draw.js), so the confirmation says "drawing"; the file
    # itself is checked like any photo.
    drawn = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and not self.errors:
            try:
                data = read_limited(upload)
                cleaned["prepared"] = prepare(
                    data, recorded_seconds=cleaned.get("recorded_seconds")
                )
            except AttachmentRefused as refusal:
                self.add_error("file", str(refusal))
        return cleaned


# The drawing pad's colours (static/js/draw.js reads each swatch's colour from app.css).
DRAW_COLOURS = [
    ("ink", pgettext_lazy("drawing colour", "Dark ink")),
    ("teal", pgettext_lazy("drawing colour", "Teal")),
    ("blue", pgettext_lazy("drawing colour", "Blue")),
    ("rose", pgettext_lazy("drawing colour", "Rose")),
    ("ochre", pgettext_lazy("drawing colour", "Ochre")),
]


class DescribeForm(forms.Form):
    alt_text = forms.CharField(
        label=_("Description"), max_length=300, required=False, help_text=ALT_HELP
    )
