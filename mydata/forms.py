from django import forms
from django.utils.translation import gettext_lazy as _

from mydata.importer import MAX_ARCHIVE_BYTES


class ImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Export file (.zip)"),
        help_text=_("A zip made by Integration Journal's “Export everything”. Up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > MAX_ARCHIVE_BYTES:
            raise forms.ValidationError(
                _("This file is larger than 20 MB, more than an export can be.")
            )
        return archive
