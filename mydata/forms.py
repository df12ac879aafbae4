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
