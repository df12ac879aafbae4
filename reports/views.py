"""Progress reports: choose what goes in, render in the background, preview, download."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django import forms
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from care import access
from care.models import AccessEvent, Clinic
from reports.archive import stream_zip
from reports.build import (
    CLINIC_SECTIONS,
    SECTIONS,
    Scope,
    build_progress,
    report_sections,
    selectable_entries,
)
from reports.models import ReportBatch, ReportFile
from reports.tasks import expiry, fail_stalled, purge_expired, render_report, report_html

MAX_RANGE_DAYS = 3 * 366


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    sections = forms.MultipleChoiceField(
        label=_("Include"),
        choices=list(SECTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=list(SECTIONS),
    )
    entries = forms.MultipleChoiceField(
        label=_("Entries to include in full"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, entries, sections=tuple(SECTIONS), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [(key, SECTIONS[key]) for key in sections]
        self.fields["sections"].initial = list(sections)
        self.offers_entries = "entries" in sections
        self.entry_objects = list(entries)
        self.fields["entries"].choices = [(str(e.pk), e) for e in self.entry_objects]
        today = timezone.localdate()
        self.fields["start"].initial = today - dt.timedelta(days=90)
        self.fields["end"].initial = today

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The start date is after the end date."))
            if (end - start).days > MAX_RANGE_DAYS:
                raise forms.ValidationError(_("Choose a range of at most three years."))
            if start.year < 1900 or end > timezone.localdate() + dt.timedelta(days=366):
                raise forms.ValidationError(
                    _(
                        "Choose dates from 1900 up to a year from today; a report covers what "
                        "has been written."
                    )
                )
        return cleaned

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(data["start"], data["end"], tuple(data["entries"]), tuple(data["sections"]))


def _may_export(viewer, patient) -> bool:
    """The owner always; others not while the patient's account is closing (erasure asked)."""
    if viewer.pk == patient.pk:
        return True
    if access.closing_on(patient):
        return False
    return (
        access.is_care_team_member(viewer, patient) and access.has_mfa(viewer)
    ) or access.can_export_clinic_reports(viewer, patient)


def _start(request, patient, scope: Scope, batch=None) -> ReportFile:
    report_file = ReportFile.objects.create(
        requester=request.user,
        patient=patient,
        scope=scope.as_json(),
        batch=batch,
        expires_at=expiry(),
    )
    access.record_access(
        actor=request.user, patient=patient, action=AccessEvent.Action.EXPORT, item=report_file
    )
    render_report.enqueue(str(report_file.pk))
    return report_file


@require_GET
def index(request):
    purge_expired()
    fail_stalled()
    mine = ReportFile.objects.filter(requester=request.user, batch=None).select_related("patient")
    therapist_patients = access.therapist_report_patients_for(request.user)
    admin_clinics = access.admin_clinics_of(request.user)
    return render(
        request,
        "reports/index.html",
        {
            "reports": mine.defer("pdf")[:20],
            "therapist_patients": therapist_patients,
            "report_patients": access.report_patients_for(request.user),
            "admin_clinics": admin_clinics,
        },
    )


@require_http_methods(["GET", "POST"])
def create(request, patient_id=None):
    patient = request.user
    if patient_id is not None:
        if access.needs_mfa(request.user):
            return redirect("care:mfa_required")
        patient = get_object_or_404(User, pk=patient_id)
        if patient.pk == request.user.pk or not _may_export(request.user, patient):
            raise Http404
    form = ReportForm(
        request.POST or None,
        entries=selectable_entries(request.user, patient, chosen=request.POST.getlist("entries")),
        sections=report_sections(request.user, patient),
    )
    if request.method == "POST" and form.is_valid():
        report_file = _start(request, patient, form.scope())
        return redirect("reports:status", pk=report_file.pk)
    return render(request, "reports/create.html", {"form": form, "patient": patient})


def _report_file(request, pk, **filters) -> ReportFile:
    return get_object_or_404(
        ReportFile.objects.filter(requester=request.user, expires_at__gt=timezone.now(), **filters)
        .select_related("patient")
        .defer("pdf"),
        pk=pk,
    )


@require_GET
def status(request, pk):
    fail_stalled()
    return render(request, "reports/status.html", {"report_file": _report_file(request, pk)})


@require_POST
def retry(request, pk):
    """Prepare a failed report again, with the same choices, as the same report. What it may
    hold is decided again when it is built, so access lost since then is not regained. A report
    that is not (or no longer) failed just shows its status, so a second press starts nothing."""
    report_file = _report_file(request, pk, batch=None)
    patient = report_file.patient
    if report_file.status == ReportFile.Status.FAILED and patient.pk != request.user.pk:
        if access.needs_mfa(request.user):
            return redirect("care:mfa_required")
        if not _may_export(request.user, patient):
            raise Http404
    restarted = ReportFile.objects.filter(pk=pk, status=ReportFile.Status.FAILED).update(
        status=ReportFile.Status.QUEUED, error="", started_at=None, expires_at=expiry()
    )
    if restarted:
        access.record_access(
            actor=request.user, patient=patient, action=AccessEvent.Action.EXPORT, item=report_file
        )
        render_report.enqueue(str(report_file.pk))
    return redirect("reports:status", pk=report_file.pk)


@require_GET
def preview(request, pk):
    """The same template as the PDF, as a web page (built afresh from the stored scope)."""
    report_file = _report_file(request, pk)
    if not _may_export(request.user, report_file.patient):
        raise Http404
    report = build_progress(
        viewer=request.user, patient=report_file.patient, scope=Scope.from_json(report_file.scope)
    )
    access.record_access(
        actor=request.user,
        patient=report_file.patient,
        action=AccessEvent.Action.VIEW,
        item=report_file,
    )
    return HttpResponse(report_html(report, for_pdf=False))


@require_GET
def download(request, pk):
    report_file = _report_file(request, pk, status=ReportFile.Status.READY)
    if not _may_export(request.user, report_file.patient):  # access may have ended since
        raise Http404
    if report_file.patient.pk != request.user.pk:
        access.record_access(
            actor=request.user,
            patient=report_file.patient,
            action=AccessEvent.Action.EXPORT,
            item=report_file,
        )
    pdf = ReportFile.objects.values_list("pdf", flat=True).get(pk=report_file.pk)
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_file.filename}"'
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


# --- clinic batches ----------------------------------------------------------------------------


def _admin_clinic(request, clinic_id) -> Clinic:
    return get_object_or_404(access.admin_clinics_of(request.user), pk=clinic_id)


@require_http_methods(["GET", "POST"])
@access.staff_mfa_required
def batch_create(request, clinic_id):
    clinic = _admin_clinic(request, clinic_id)
    consenting = access.consenting_patients(clinic.pk).order_by("display_name", "email")
    error = None
    if request.method == "POST":
        chosen = [p for p in consenting if str(p.pk) in request.POST.getlist("patients")]
        form = ReportForm(request.POST, entries=[], sections=CLINIC_SECTIONS)
        if not chosen:
            error = _("Choose at least one patient.")
        elif form.is_valid():
            batch = ReportBatch.objects.create(
                requester=request.user, clinic=clinic, expires_at=expiry()
            )
            for patient in chosen:
                _start(request, patient, form.scope(), batch=batch)
            return redirect("reports:batch_status", pk=batch.pk)
    else:
        form = ReportForm(entries=[], sections=CLINIC_SECTIONS)
    return render(
        request,
        "reports/batch_create.html",
        {"clinic": clinic, "patients": consenting, "form": form, "error": error},
    )


def _batch(request, pk) -> ReportBatch:
    return get_object_or_404(
        ReportBatch.objects.filter(requester=request.user, expires_at__gt=timezone.now()), pk=pk
    )


@require_GET
@access.staff_mfa_required
def batch_status(request, pk):
    batch = _batch(request, pk)
    fail_stalled()
    files = list(batch.files.select_related("patient").defer("pdf").order_by("patient__email"))
    ready = sum(1 for f in files if f.status == ReportFile.Status.READY)
    done = sum(1 for f in files if f.status in (ReportFile.Status.READY, ReportFile.Status.FAILED))
    return render(
        request,
        "reports/batch_status.html",
        {"batch": batch, "files": files, "ready": ready, "done": done, "total": len(files)},
    )


@require_GET
@access.staff_mfa_required
def batch_download(request, pk):
    """The batch's ready PDFs as one zip, streamed: each PDF is read from the database only when
    its turn in the zip comes."""
    batch = _batch(request, pk)
    _admin_clinic(request, batch.clinic_id)  # still an admin of that clinic
    consenting = access.consenting_patients(batch.clinic_id)
    ready = list(
        batch.files.filter(status=ReportFile.Status.READY, patient__in=consenting)
        .select_related("patient")
        .defer("pdf")
        .order_by("patient__email")
    )
    # One export event per patient's report, written in one INSERT (each chain still in order).
    access.record_accesses(
        actor=request.user,
        action=AccessEvent.Action.EXPORT,
        events=[(report_file.patient, report_file) for report_file in ready],
    )
    response = StreamingHttpResponse(
        stream_zip((_zip_name(f), partial(_pdf_of, f.pk)) for f in ready),
        content_type="application/zip",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="progress-reports-{batch.created:%Y-%m-%d}.zip"'
    )
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


def _zip_name(report_file: ReportFile) -> str:
    name = (report_file.patient.display_name or report_file.patient.email).replace("/", "-")
    return f"{name} - {report_file.filename}"


def _pdf_of(pk) -> bytes:
    return bytes(ReportFile.objects.values_list("pdf", flat=True).get(pk=pk))
