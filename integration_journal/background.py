"""What every background job's status row shares (reports' `ReportFile`, "My data"'s
`DataExport`): a row that says "running" for longer than any job takes lost its worker.

A job marks its row failed whatever goes wrong inside it, but a worker that is killed (a
restart, a crash, running out of memory) cannot: its row would say "being prepared" until it
expires, a day later, and the person would wait on a page that never changes. Pages that show
such rows call `fail_stalled()` first.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

# The longest job (a PDF) is stopped after a minute; ten minutes "running" is a dead worker.
STALLED_AFTER = dt.timedelta(minutes=10)


def fail_stalled(rows: QuerySet, message: str) -> int:
    """Mark `rows` that started more than STALLED_AFTER ago and still run as failed, with
    `message` for the person. Returns how many there were. The rows' model has `status` (with
    `Status.RUNNING` and `Status.FAILED`), `error`, `created` and `started_at`.

    Rows from before `started_at` existed count from when they were created. Pages that poll
    call this every few seconds, so it only writes when there is something to fail: an UPDATE
    takes SQLite's write lock even when it changes nothing."""
    status = rows.model.Status
    cutoff = timezone.now() - STALLED_AFTER
    stalled = rows.filter(
        Q(started_at__lt=cutoff) | Q(started_at__isnull=True, created__lt=cutoff),
        status=status.RUNNING,
    )
    if not stalled.exists():
        return 0
    return stalled.update(status=status.FAILED, error=message)
