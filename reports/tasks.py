"""Report rendering as django.tasks tasks (ImmediateBackend in development and tests; the
database backend with `manage.py db_worker` in production)."""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from integration_journal import background
from integration_journal.i18n import language_for
from journal.storage import attachment_storage
from reports.build import Scope, build_progress
from reports.models import ReportBatch, ReportFile
from reports.pdf import ATTACHMENT_PREFIX, RenderFailed, render_pdf

EXPIRY_HOURS = 24
STALLED = _(
    "Preparing this report stopped part-way, most likely because the server restarted. "
    "Please try again."
)

logger = logging.getLogger(__name__)


def expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=EXPIRY_HOURS)


def report_html(report, *, for_pdf: bool) -> str:
    return render_to_string(
        "reports/progress.html",
        {
            "report": report,
            "for_pdf": for_pdf,
            "site_name": settings.SITE_NAME,
            "attachment_prefix": ATTACHMENT_PREFIX,
        },
    )


def report_images(report) -> dict[str, bytes]:
    """The thumbnails of the photos on the report's entries (already chosen through
    care.access by build_progress), by the URLs the PDF's template gives them."""
    images = {}
    for entry in report.sections.get("entries", []):
        for attachment in entry.attachments.all():
            if attachment.is_photo and attachment.thumbnail:
                try:
                    with attachment_storage.open(attachment.thumbnail.name, "rb") as handle:
                        images[f"{ATTACHMENT_PREFIX}{attachment.pk}.webp"] = handle.read()
                except (FileNotFoundError, OSError):
                    continue  # the PDF shows the description instead
    return images


UNEXPECTED_FAILURE = _(
    "Something went wrong while preparing the report. Please try again; if it keeps happening, "
    "let the people who run this site know."
)


@task
def render_report(report_id: str) -> str:
    # Claimed in one UPDATE, so of two workers handed the same report only one renders it.
    claimed = ReportFile.objects.filter(pk=report_id, status=ReportFile.Status.QUEUED).update(
        status=ReportFile.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    report_file = ReportFile.objects.get(pk=report_id)
    try:
        viewer = User.objects.get(pk=report_file.requester_id)
        patient = User.objects.get(pk=report_file.patient_id)
        # The PDF is in the patient's language, whoever asked for it.
        with timezone.override(patient.time_zone or "UTC"), language_for(patient):
            report = build_progress(
                viewer=viewer, patient=patient, scope=Scope.from_json(report_file.scope)
            )
            pdf = render_pdf(report_html(report, for_pdf=True), images=report_images(report))
    except RenderFailed as failure:
        error = str(failure)
    except Exception:  # whatever went wrong, the report must end as failed, never "running"
        logger.exception("Report %s could not be prepared", report_id)
        error = UNEXPECTED_FAILURE
    else:
        ReportFile.objects.filter(pk=report_id).update(
            status=ReportFile.Status.READY, pdf=pdf, size=len(pdf)
        )
        return "ready"
    ReportFile.objects.filter(pk=report_id).update(status=ReportFile.Status.FAILED, error=error)
    return "failed"


def purge_expired() -> int:
    now = timezone.now()
    files, _deleted = ReportFile.objects.filter(expires_at__lt=now).delete()
    ReportBatch.objects.filter(Q(expires_at__lt=now)).delete()
    return files


def fail_stalled() -> int:
    """Reports whose worker died while preparing them end as failed (see
    integration_journal/background.py)."""
    return background.fail_stalled(ReportFile.objects.all(), STALLED)
