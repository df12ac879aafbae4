"""Background work for "My data": building exports, erasing accounts, emptying the trash."""

import datetime as dt

from allauth.usersessions.models import UserSession
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.models import DeletionRequest, User
from care.models import AccessEvent, Reflection
from integration_journal import background
from intentions.models import Intention
from journal.models import Entry
from mydata.export import build_export_zip
from mydata.models import DataExport, PendingImport

TRASH_DAYS = 30
EXPORT_HOURS = 24


@task
def build_export(export_id: str) -> None:
    export = DataExport.objects.select_related("owner").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.QUEUED:
        return
    DataExport.objects.filter(pk=export.pk).update(
        status=DataExport.Status.RUNNING, started_at=timezone.now()
    )
    try:
        archive = build_export_zip(export.owner)
    except Exception as error:  # a failed export must say so, never hang "in progress"
        DataExport.objects.filter(pk=export.pk).update(
            status=DataExport.Status.FAILED,
            error=gettext("The export could not be built ({error}). Please try again.").format(
                error=type(error).__name__
            ),
        )
        raise
    DataExport.objects.filter(pk=export.pk).update(
        status=DataExport.Status.READY, archive=archive, size=len(archive)
    )


STALLED_EXPORT = gettext_lazy(
    "Building this export stopped part-way, most likely because the server restarted. "
    "Please try again."
)


def fail_stalled_exports() -> int:
    """Exports whose worker died while building them end as failed (see
    integration_journal/background.py)."""
    return background.fail_stalled(DataExport.objects.all(), STALLED_EXPORT)


@task
def erase_account(user_id: str) -> bool:
    """Erase an account whose grace period is over. Returns whether it was erased."""
    with transaction.atomic():
        request = (
            DeletionRequest.objects.select_for_update()
            .filter(user_id=user_id, erase_after__lte=timezone.now())
            .first()
        )
        if request is None:
            return False
        erase_user(User.objects.get(pk=user_id))
    return True


def erase_user(user: User) -> None:
    """Delete the person and everything that is theirs (see docs/my-data.md)."""
    AccessEvent.pseudonymise_patient(user)
    Reflection.keep_threads_of(user)
    # Sign-in sessions still open on other devices: their rows hold the account's id (and the
    # menu's clinic roles) until they expire. End them rather than wait.
    for session in UserSession.objects.filter(user=user):
        session.end()
    user.delete()


def due_deletions():
    return DeletionRequest.objects.filter(erase_after__lte=timezone.now())


def purge_expired(now: dt.datetime | None = None) -> dict[str, int]:
    """Empty the trash of items deleted more than 30 days ago, and drop expired exports."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=TRASH_DAYS)
    entries, _ = Entry.objects.filter(deleted_at__lt=cutoff).delete()
    intentions, _ = Intention.objects.filter(deleted_at__lt=cutoff).delete()
    exports, _ = DataExport.objects.filter(expires_at__lt=now).delete()
    imports, _ = PendingImport.objects.filter(created__lt=now - dt.timedelta(days=1)).delete()
    return {"entries": entries, "intentions": intentions, "exports": exports, "imports": imports}


@task
def purge_trash() -> dict[str, int]:
    return purge_expired()
