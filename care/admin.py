"""Admin for the care app. No journal text appears here: reflections and support notes are left
out entirely, shares show only ids and dates, and the access log is read-only."""

from django.contrib import admin

from care.models import AccessEvent, CareLink, Clinic, ClinicInvite, Membership, Resource, Share
from care.sessions import end_other_sessions


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "join_code", "created"]
    search_fields = ["name"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        """A person made staff here signs in again everywhere, through the second step."""
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            for membership in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                end_other_sessions(membership.user)


@admin.register(ClinicInvite)
class ClinicInviteAdmin(admin.ModelAdmin):
    list_display = ["email", "clinic", "role", "created", "expires", "used_at", "withdrawn_at"]
    exclude = ["token_hash"]
    readonly_fields = ["used_at", "used_by"]
    raw_id_fields = ["invited_by"]


@admin.register(CareLink)
class CareLinkAdmin(admin.ModelAdmin):
    list_display = ["patient", "clinic", "share_measures", "consents_to_clinic_reports", "created"]
    raw_id_fields = ["patient"]


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    """Who shares with whom and when; only item ids, never titles or text."""

    list_display = ["id", "owner", "recipient", "created", "revoked_at"]
    fields = [
        "owner",
        "recipient",
        "entry_id",
        "intention_id",
        "session_id",
        "created",
        "revoked_at",
        "read_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "patient", "action", "item_type", "item_id"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "clinic"]
    list_filter = ["kind"]
