"""Importers for other journal apps' exports (Day One, jrnl), beside the app's own import
(mydata.importer). Each reads its file into one shape; mydata.importers.common merges it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from mydata.importers import dayone, jrnl
from mydata.models import PendingImport


@dataclass(frozen=True)
class Source:
    name: str  # as the person knows the app
    read: Callable
    # field_label, help_text, how_to_export and what_comes are lazy: translated where shown.
    field_label: str
    help_text: str
    accept: str
    how_to_export: str
    what_comes: str  # what the import keeps and leaves out, as docs/import.md says


SOURCES = {
    PendingImport.Source.DAYONE: Source(
        name="Day One",
        read=dayone.read,
        field_label=_("Day One export (.zip)"),
        help_text=_("The zip Day One makes with “Export → JSON”. Up to 200 MB."),
        accept=".zip,application/zip",
        how_to_export=_(
            "In Day One, open Settings → Import/Export, choose Export → JSON, and pick the "
            "journals to bring. Keep the zip as it is."
        ),
        what_comes=_(
            "Each entry comes across with its text, its date, its tags (as themes) and its "
            "photos. Videos, audio and PDF attachments stay in your file, stars are not kept, "
            "and places and weather are left out, to keep where you were private."
        ),
    ),
    PendingImport.Source.JRNL: Source(
        name="jrnl",
        read=jrnl.read,
        field_label=_("jrnl export (.json)"),
        help_text=_("The file made by jrnl --export json. Up to 20 MB."),
        accept=".json,application/json",
        how_to_export=_(
            "In a terminal, run: jrnl --export json --file journal.json (add the journal's "
            "name after jrnl if you keep several)."
        ),
        what_comes=_(
            "Each entry comes across with its title, its text, its date and time and its tags "
            "(as themes). Stars are not kept."
        ),
    ),
}
