"""Staff see which mail went out, which is waiting and which failed, and why; never the bodies
(they hold sign-in and reset links)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext

from outbox.mail import deliver
from outbox.models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = [
        "created",
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    fields = [
        "to",
        "from_email",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Try to send the selected failed mail now")
    def retry_now(self, request, queryset):
        failed = queryset.filter(status=OutgoingMail.Status.FAILED).exclude(
            text_body="", html_body=""
        )
        ids = list(failed.values_list("pk", flat=True))
        failed.update(next_attempt_at=timezone.now())
        sent = sum(deliver(pk) for pk in ids)
        messages.info(request, gettext("Sent {sent} of {total}.").format(sent=sent, total=len(ids)))
