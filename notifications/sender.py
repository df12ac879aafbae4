"""The one sender: claim what is due, send it, mark it, each row at most once.

Claiming: on PostgreSQL the due rows are locked with `SELECT … FOR UPDATE SKIP LOCKED` and
marked "sending" with this run's id in the same transaction, so two workers never take the same
row; on SQLite (one writer at a time) the claim is one conditional UPDATE (`… WHERE status =
'pending'`), which a second worker cannot repeat. Either way a row is only sent by the run whose
id it carries. A row left "sending" by a worker that stopped mid-send is never sent again (it
may already have gone out): after STALE it is marked failed, so "at most once" holds.

Deferring: inside the person's quiet hours (in their time zone) a notification waits for the
end of them; while they pause, it waits for the pause to end, except a session follow-up, whose
moment has passed by then: it is skipped. Failures are retried with backoff (BACKOFF), then
given up after MAX_ATTEMPTS and shown on the person's settings page.
"""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.utils import timezone

from journal.models import TreatmentSession
from measures.suggest import due_before
from notifications import channels, schedule
from notifications.models import Channel, Kind, Notification, Preference, Status

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH = 500
STALE = dt.timedelta(minutes=15)
INTERRUPTED = (
    "The sender stopped while sending this. It was not tried again, so it cannot arrive twice."
)


def backoff(attempts: int) -> dt.timedelta:
    """5, 15, 45, 135 minutes… after the 1st, 2nd, 3rd, 4th failure; at most 12 hours."""
    return min(dt.timedelta(minutes=5 * 3 ** max(attempts - 1, 0)), dt.timedelta(hours=12))


@dataclass
class Result:
    sent: int = 0
    deferred: int = 0
    skipped: int = 0
    failed: int = 0
    gave_up: int = 0
    claimed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Result") -> None:
        for name in ("sent", "deferred", "skipped", "failed", "gave_up", "claimed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def in_quiet_hours(moment: dt.time, start: dt.time, end: dt.time) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # across midnight: 21:00–08:00


def quiet_end_after(now: dt.datetime, preference: Preference) -> dt.datetime | None:
    """When the quiet hours `now` falls in end, in the person's zone (None: not quiet now)."""
    zone = schedule.zone_of(preference.person)
    local = now.astimezone(zone)
    if not in_quiet_hours(local.time(), preference.quiet_start, preference.quiet_end):
        return None
    day = local.date()
    if preference.quiet_start > preference.quiet_end and local.time() >= preference.quiet_start:
        day += dt.timedelta(days=1)
    end = dt.datetime.combine(day, preference.quiet_end).replace(tzinfo=zone)
    return end if end > now else now + dt.timedelta(minutes=1)


def _due(now):
    return Notification.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)


def claim(worker: str, now: dt.datetime, limit: int = BATCH) -> list[Notification]:
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(
                _due(now)
                .select_for_update(skip_locked=True)
                .order_by("next_attempt_at")
                .values_list("pk", flat=True)[:limit]
            )
            if ids:
                Notification.objects.filter(pk__in=ids).update(
                    status=Status.SENDING, claimed_by=worker, claimed_at=now
                )
    else:
        ids = list(_due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
        if ids:
            Notification.objects.filter(pk__in=ids, status=Status.PENDING).update(
                status=Status.SENDING, claimed_by=worker, claimed_at=now
            )
    if not ids:
        return []
    return list(
        Notification.objects.filter(pk__in=ids, claimed_by=worker, status=Status.SENDING)
        .select_related("person", "person__notification_preference")
        .order_by("next_attempt_at")
    )


def _finish(row: Notification, worker: str, **changes) -> None:
    changes.setdefault("claimed_by", "")
    Notification.objects.filter(pk=row.pk, claimed_by=worker).update(**changes)


def _preference(row: Notification) -> Preference:
    try:
        return row.person.notification_preference
    except ObjectDoesNotExist:
        return schedule.preference_for(row.person)


def _why_not(row: Notification, preference: Preference, now) -> str:
    """Why this notification is no longer worth sending ("" when it is)."""
    if not row.person.is_active:
        return "The account is not active."
    if not preference.wants(row.kind):
        return "This kind was turned off."
    if row.kind == Kind.QUESTIONNAIRE:
        session = TreatmentSession.objects.filter(pk=row.session_id).first()
        if session is None or session.date <= now or not due_before(row.person, session):
            return "Nothing is due any more."
    if row.kind == Kind.CARE_DIGEST:
        recent = Notification.objects.filter(
            person_id=row.person_id,
            kind=Kind.CARE_DIGEST,
            channel=row.channel,
            status=Status.SENT,
            sent_at__gt=now - schedule.DIGEST_EVERY,
        )
        if recent.exists():
            return "A digest went out less than an hour ago."
    return ""


def process(row: Notification, worker: str, now: dt.datetime) -> str:
    """Send, defer or skip one claimed row; returns what happened."""
    preference = _preference(row)
    reason = _why_not(row, preference, now)
    if not reason and preference.is_paused(now):
        if row.kind == Kind.FOLLOW_UP:
            reason = "Its moment passed while notifications were paused."
        else:
            _finish(row, worker, status=Status.PENDING, next_attempt_at=preference.paused_until)
            return "deferred"
    if reason:
        _finish(row, worker, status=Status.SKIPPED, last_error=reason)
        _after(row, preference, now)
        return "skipped"
    quiet_until = quiet_end_after(now, preference)
    if quiet_until is not None:
        _finish(row, worker, status=Status.PENDING, next_attempt_at=quiet_until)
        return "deferred"
    attempts = row.attempts + 1
    try:
        accepted = channels.deliver(row)
    except Exception as error:  # any failure of the mail server or a template: retried
        logger.warning("Notification %s failed (attempt %s): %r", row.pk, attempts, error)
        message = f"{type(error).__name__}: {error}"[:300]
        if attempts >= MAX_ATTEMPTS:
            _finish(row, worker, status=Status.FAILED, attempts=attempts, last_error=message)
            _after(row, preference, now)
            return "gave_up"
        _finish(
            row,
            worker,
            status=Status.PENDING,
            attempts=attempts,
            last_error=message,
            next_attempt_at=now + backoff(attempts),
        )
        return "failed"
    if row.channel == Channel.PUSH and not accepted:
        _finish(row, worker, status=Status.SKIPPED, attempts=attempts, last_error="No device.")
        _after(row, preference, now)
        return "skipped"
    _finish(row, worker, status=Status.SENT, attempts=attempts, sent_at=now, last_error="")
    _after(row, preference, now)
    return "sent"


def _after(row: Notification, preference: Preference, now) -> None:
    """A daily check-in, once done with, makes the next day's due."""
    if row.kind == Kind.CHECK_IN and row.channel == Channel.EMAIL:
        schedule.schedule_check_in(preference, now)


def fail_stale(now: dt.datetime) -> int:
    return Notification.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE).update(
        status=Status.FAILED, claimed_by="", last_error=INTERRUPTED
    )


def send_due(*, now=None, limit: int = BATCH, batches: int | None = None) -> Result:
    """Send everything due now, batch after batch (at most `batches` when given)."""
    now = now or timezone.now()
    worker = uuid.uuid4().hex
    total = Result()
    fail_stale(now)
    done = 0
    while batches is None or done < batches:
        rows = claim(worker, now, limit)
        if not rows:
            break
        done += 1
        total.claimed += len(rows)
        # The claim is committed, so the rows are this run's alone; marking them in one
        # transaction per batch saves a commit (a disk sync on SQLite) per notification. If
        # the run dies mid-batch the marks are lost and the rows end "failed" after STALE,
        # never sent twice.
        with transaction.atomic():
            for row in rows:
                outcome = process(row, worker, now)
                setattr(total, outcome, getattr(total, outcome) + 1)
    return total
