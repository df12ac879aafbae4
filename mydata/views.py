"""My data: export everything, import an export, delete the account, the trash."""

import datetime as dt
import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import DeletionRequest
from care.models import Share
from intentions.models import Intention
from journal.models import Entry, TreatmentSession
from measures import fhir
from measures.models import Response
from mydata import importer
from mydata.forms import ImportForm
from mydata.models import DataExport, PendingImport
from mydata.tasks import EXPORT_HOURS, TRASH_DAYS, build_export, fail_stalled_exports

GRACE_DAYS = 7


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


@require_GET
def my_data(request):
    fail_stalled_exports()
    exports = DataExport.objects.filter(owner=request.user, expires_at__gt=timezone.now()).defer(
        "archive"
    )[:5]
    return render(
        request,
        "mydata/my_data.html",
        {
            "exports": exports,
            "import_form": ImportForm(),
            "trash_count": Entry.objects.in_trash(request.user).count()
            + Intention.objects.in_trash(request.user).count(),
            "export_hours": EXPORT_HOURS,
            "grace_days": GRACE_DAYS,
        },
    )


@require_POST
@reauthentication_required  # a copy of everything: on a device kept signed in, confirm it is you
def export_start(request):
    export = DataExport.objects.create(
        owner=request.user, expires_at=timezone.now() + dt.timedelta(hours=EXPORT_HOURS)
    )
    build_export.enqueue(str(export.pk))
    return redirect("mydata:export_status", pk=export.pk)


@require_GET
def export_status(request, pk):
    fail_stalled_exports()
    export = get_object_or_404(
        DataExport.objects.filter(owner=request.user, expires_at__gt=timezone.now()).defer(
            "archive"
        ),
        pk=pk,
    )
    return render(request, "mydata/export_status.html", {"export": export})


@require_GET
def export_download(request, pk):
    export = get_object_or_404(
        DataExport.objects.filter(
            owner=request.user, status=DataExport.Status.READY, expires_at__gt=timezone.now()
        ),
        pk=pk,
    )
    response = HttpResponse(bytes(export.archive), content_type="application/zip")
    stamp = timezone.localtime(export.created).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="integration-journal-{stamp}.zip"'
    return _no_store(response)


@require_GET
@reauthentication_required  # every answer, question 9 included: confirm it is you
def questionnaires_fhir(request):
    """The person's own questionnaires as a FHIR Bundle (for clinical records). Not logged:
    the access log records what others see."""
    now = timezone.now()
    bundle = fhir.questionnaire_bundle(request.user, Response.objects.for_owner(request.user), now)
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=2), content_type=fhir.MEDIA_TYPE
    )
    name = fhir.filename(timezone.localdate(now))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _no_store(response)


@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        try:
            data = importer.read_archive(upload)
        except importer.ImportRefused as refusal:
            form.add_error("archive", str(refusal))
        else:
            pending = PendingImport.objects.create(
                owner=request.user,
                data=data,
                file_name=upload.name[:255],
                archive_name=importer.keep_archive(request.user, upload, data),
            )
            return redirect("mydata:import_preview", pk=pending.pk)
    return render(request, "mydata/import_upload.html", {"form": form})


@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    pending = get_object_or_404(
        PendingImport.objects.filter(owner=request.user, source=PendingImport.Source.OWN), pk=pk
    )
    if request.method == "POST":
        try:
            with importer.kept_archive(pending.archive_name) as archive:
                report = importer.apply_import(request.user, pending.data, archive)
        except importer.ImportRefused as refusal:
            messages.error(request, _("Nothing was imported: {reason}").format(reason=refusal))
            return redirect("mydata:import_upload")
        pending.delete()
        return render(request, "mydata/import_report.html", {"report": report})
    return render(
        request,
        "mydata/import_preview.html",
        {
            "pending": pending,
            "counts": importer.preview(pending.data),
            "exported_at": importer.exported_at(pending.data),
        },
    )


def _erasure_summary(user) -> list[str]:
    """What is erased, counted: "1 intention", "3 journal entries (including the trash)"."""
    entries = Entry.objects.filter(owner=user).count()
    intentions = Intention.objects.filter(owner=user).count()
    sessions = TreatmentSession.objects.filter(owner=user).count()
    shares = Share.objects.filter(owner=user).count()
    return [
        ngettext(
            "%(n)s journal entry (including the trash)",
            "%(n)s journal entries (including the trash)",
            entries,
        )
        % {"n": entries},
        ngettext("%(n)s intention", "%(n)s intentions", intentions) % {"n": intentions},
        ngettext("%(n)s treatment session", "%(n)s treatment sessions", sessions) % {"n": sessions},
        ngettext(
            "%(n)s item shared with your care team",
            "%(n)s items shared with your care team",
            shares,
        )
        % {"n": shares},
    ]


@require_http_methods(["GET", "POST"])
@reauthentication_required
def delete_account(request):
    pending = DeletionRequest.objects.filter(user=request.user).first()
    if request.method == "POST":
        if pending is None:
            DeletionRequest.objects.create(
                user=request.user, erase_after=timezone.now() + dt.timedelta(days=GRACE_DAYS)
            )
        logout(request)
        messages.info(
            request,
            ngettext(
                "Your account is scheduled for deletion in %(n)s day. If you change your mind, "
                "just sign in before then and nothing will be deleted.",
                "Your account is scheduled for deletion in %(n)s days. If you change your mind, "
                "just sign in before then and nothing will be deleted.",
                GRACE_DAYS,
            )
            % {"n": GRACE_DAYS},
        )
        return redirect("home")
    return render(
        request,
        "mydata/delete_account.html",
        {"summary": _erasure_summary(request.user), "grace_days": GRACE_DAYS},
    )


# --- trash --------------------------------------------------------------------------------------

TRASH_KINDS = {"entry": Entry, "intention": Intention}


def _trashed(request, kind: str, pk):
    model = TRASH_KINDS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.in_trash(request.user), pk=pk)


@require_GET
def trash(request):
    entries = Entry.objects.in_trash(request.user).select_related("session").order_by("-deleted_at")
    intentions = Intention.objects.in_trash(request.user).order_by("-deleted_at")
    return render(
        request,
        "mydata/trash.html",
        {"entries": entries, "intentions": intentions, "trash_days": TRASH_DAYS},
    )


@require_POST
def trash_restore(request, kind, pk):
    item = _trashed(request, kind, pk)
    type(item).objects.filter(pk=item.pk).update(deleted_at=None)
    messages.success(request, _("“{item}” is back where it was.").format(item=item))
    return redirect("mydata:trash")


@require_POST
def trash_delete(request, kind, pk):
    item = _trashed(request, kind, pk)
    label = str(item)
    item.delete()
    messages.success(request, _("“{item}” is deleted for good.").format(item=label))
    return redirect("mydata:trash")
