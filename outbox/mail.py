"""Mail never goes out inside a request.

`queue_message` (or `queue_mail`) stores the rendered message as an `OutgoingMail` row and
enqueues `send_outgoing_mail`. `deliver` sends one row; a failure (mail server down, refused,
timing out) never raises: the row is marked failed with the error and the time of the next try.
With a backend that can defer tasks (the database backend in production) the task re-enqueues
itself for that time; `manage.py send_queued_mail` (run from cron) sends whatever is due
whatever the backend, which is also how failed rows get retried in development.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone
from django.utils.encoding import force_str

from outbox.models import OutgoingMail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A row left "sending" this long belongs to a worker that died mid-send: it is due again.
STALE_SENDING = dt.timedelta(minutes=10)
KEEP_DAYS = 30

Status = OutgoingMail.Status


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try: 1, 4, 16, 64 minutes… at most 6 hours (eight tries span about
    a day and a half, well inside the links' validity)."""
    return min(dt.timedelta(minutes=4 ** max(attempts - 1, 0)), dt.timedelta(hours=6))


def queue_mail(*, to: str, subject: str, text: str, html: str = "", from_email=None):
    mail = OutgoingMail.objects.create(
        to=force_str(to),
        from_email=force_str(from_email or settings.DEFAULT_FROM_EMAIL),
        subject=force_str(subject),
        text_body=force_str(text),
        html_body=force_str(html),
        next_attempt_at=timezone.now(),
    )
    send_outgoing_mail.enqueue(str(mail.pk))
    return mail


def queue_message(message: EmailMessage) -> list[OutgoingMail]:
    """Queue an already rendered EmailMessage (allauth's), one row per recipient."""
    html = ""
    text = message.body
    if message.content_subtype == "html":
        html, text = message.body, ""
    for alternative in getattr(message, "alternatives", []):
        if alternative.mimetype == "text/html":
            html = alternative.content
    return [
        queue_mail(
            to=to, subject=message.subject, text=text, html=html, from_email=message.from_email
        )
        for to in message.to
    ]


def _due(now) -> Q:
    return Q(status__in=[Status.QUEUED, Status.FAILED], next_attempt_at__lte=now) | Q(
        status=Status.SENDING, last_attempt_at__lt=now - STALE_SENDING
    )


def deliver(mail_id) -> bool:
    """Send one queued row if it is due. Returns whether it was sent by this call."""
    now = timezone.now()
    # Claiming the row with one UPDATE keeps a re-enqueued task and the cron command from
    # sending the same message twice.
    claimed = (
        OutgoingMail.objects.filter(pk=mail_id)
        .filter(_due(now))
        .update(status=Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now)
    )
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = EmailMultiAlternatives(mail.subject, mail.text_body, mail.from_email, [mail.to])
    if mail.html_body:
        if mail.text_body:
            message.attach_alternative(mail.html_body, "text/html")
        else:
            message.body, message.content_subtype = mail.html_body, "html"
    try:
        message.send()
    except Exception as error:  # any failure of the mail server; the row says what happened
        logger.warning("Sending mail %s failed (attempt %s): %r", mail.pk, mail.attempts, error)
        gave_up = mail.attempts >= MAX_ATTEMPTS
        next_at = None if gave_up else now + backoff(mail.attempts)
        changes = {
            "status": Status.FAILED,
            "last_error": f"{type(error).__name__}: {error}"[:500],
            "next_attempt_at": next_at,
        }
        if gave_up:
            changes.update(text_body="", html_body="")
        OutgoingMail.objects.filter(pk=mail.pk).update(**changes)
        if next_at is not None and send_outgoing_mail.get_backend().supports_defer:
            send_outgoing_mail.using(run_after=next_at).enqueue(str(mail.pk))
        return False
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
        text_body="",
        html_body="",
    )
    return True


@task
def send_outgoing_mail(mail_id: str) -> bool:
    return deliver(mail_id)


def send_due(limit: int = 200) -> tuple[int, int]:
    """Send every row that is due (retries whose wait is over, rows a dead worker left).
    Returns (sent, still failing)."""
    ids = list(
        OutgoingMail.objects.filter(_due(timezone.now()))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(deliver(mail_id) for mail_id in ids)
    return sent, len(ids) - sent


def purge_old(days: int = KEEP_DAYS) -> int:
    """Rows (addresses and subjects) are kept a month for staff to see, then deleted."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _ = (
        OutgoingMail.objects.filter(created__lt=cutoff)
        .exclude(status__in=[Status.QUEUED, Status.SENDING])
        .delete()
    )
    return deleted
