from django import forms
from django.utils.translation import gettext_lazy as _

from mydata.importer import MAX_ARCHIVE_BYTES, MB


class ImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Export file (.zip)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made here, in the language of the request: a lazy string formatted at import would not be.
        self.fields["archive"].help_text = _(
            "A zip made by Integration Journal's “Export everything”. Up to %(mb)s MB."
        ) % {"mb": MAX_ARCHIVE_BYTES // MB}

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > MAX_ARCHIVE_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(mb)s MB, more than an export can be.")
                % {"mb": MAX_ARCHIVE_BYTES // MB}
            )
        return archive


class OtherAppImportForm(forms.Form):
    """The file of another journal app (mydata.importers.SOURCES): label and limits per app."""

    file = forms.FileField()

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        field = self.fields["file"]
        field.label = source.field_label
        field.help_text = source.help_text
        field.widget.attrs["accept"] = source.accept
