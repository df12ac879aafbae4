from django import forms

from mydata.importer import MAX_ARCHIVE_BYTES, MB


class ImportForm(forms.Form):
    archive = forms.FileField(
        label="Export file (.zip)",
        help_text=(
            f"A zip made by Integration Journal's “Export everything”. "
            f"Up to {MAX_ARCHIVE_BYTES // MB} MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > MAX_ARCHIVE_BYTES:
            raise forms.ValidationError(
                f"This file is larger than {MAX_ARCHIVE_BYTES // MB} MB, more than an export "
                "can be."
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
