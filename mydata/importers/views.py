"""My data → import from another journal app: upload, preview, confirm (as the app's own import).

Login is required (the project's LoginRequiredMiddleware); a pending import is found only among
the person's own, so anyone else's is a 404. Nothing is written before the confirming POST."""

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from journal.attachments import discard_files
from mydata.forms import OtherAppImportForm
from mydata.importer import ImportRefused, kept_archive
from mydata.importers import SOURCES
from mydata.importers.common import apply_entries, dropped_lines, keep_upload, preview_counts
from mydata.models import PendingImport


def _source(name: str):
    source = SOURCES.get(name)
    if source is None:
        raise Http404
    return source


@require_http_methods(["GET", "POST"])
def upload(request, source):
    app = _source(source)
    form = OtherAppImportForm(request.POST or None, request.FILES or None, source=app)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            data = app.read(file)
        except ImportRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            pending = PendingImport.objects.create(
                owner=request.user,
                source=source,
                data=data,
                file_name=file.name[:255],
                archive_name=keep_upload(request.user, file, data),
            )
            return redirect("mydata:other_import_preview", source=source, pk=pending.pk)
    return render(request, "mydata/other_import_upload.html", {"form": form, "app": app})


@require_http_methods(["GET", "POST"])
def preview(request, source, pk):
    app = _source(source)
    pending = get_object_or_404(
        PendingImport.objects.filter(owner=request.user, source=source), pk=pk
    )
    if request.method == "POST":
        written: list[str] = []
        try:
            with transaction.atomic():
                # Deleting first holds the row: a second confirm (a double click) waits, then
                # finds nothing to delete and imports nothing. The kept zip leaves storage
                # when this commits (mydata/apps.py).
                deleted, _ = PendingImport.objects.filter(pk=pending.pk).delete()
                if not deleted:
                    messages.info(request, gettext("This file has been imported already."))
                    return redirect("mydata:my_data")
                with kept_archive(pending.archive_name) as archive:
                    report = apply_entries(request.user, pending.data, archive, written=written)
        except BaseException:
            discard_files(written)  # nothing of the import is kept, so neither are its files
            raise
        return render(request, "mydata/import_report.html", {"report": report})
    entries = pending.data["entries"]
    counts = preview_counts(request.user, pending.data)
    already = counts["already"]
    dates = sorted(dt.datetime.fromisoformat(entry["created"]) for entry in entries)
    return render(
        request,
        "mydata/other_import_preview.html",
        {
            "app": app,
            "pending": pending,
            "total": len(entries),
            "already": already,
            "new": len(entries) - already,
            "first_day": dates[0] if dates else "",
            "last_day": dates[-1] if dates else "",
            "photos": counts["photos"],
            "themes": len({tag.casefold() for entry in entries for tag in entry["tags"]}),
            "journals": pending.data.get("journals", []),
            "dropped": dropped_lines(pending.data.get("dropped", {})),
        },
    )
