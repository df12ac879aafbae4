"""The sender as a `django.tasks` task, for a scheduler that enqueues tasks; the systemd timer
runs `manage.py send_notifications` every minute (docs/notifications.md)."""

from django.tasks import task

from notifications.sender import send_due


@task
def send_notifications() -> dict:
    result = send_due()
    return {
        "sent": result.sent,
        "deferred": result.deferred,
        "skipped": result.skipped,
        "failed": result.failed,
        "gave_up": result.gave_up,
    }
