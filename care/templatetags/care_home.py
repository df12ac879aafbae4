from django import template

from care import access
from care.models import AccessEvent, Reflection, Share, SupportInvite

register = template.Library()


@register.inclusion_tag("care/_home_panel.html", takes_context=True)
def care_panel(context):
    user = context["request"].user
    data = {
        "is_staff": access.is_clinic_staff(user),
        "is_support": access.support_invites_for(user).exists(),
    }
    # Everyone who is not only clinic staff or a support person sees their own care panel.
    data["is_patient"] = user.care_links.exists() or not (data["is_staff"] or data["is_support"])
    if data["is_patient"]:
        data.update(
            reflections=Reflection.objects.filter(entry__owner=user, entry__deleted_at=None)
            .exclude(author=user)
            .count(),
            shared=Share.objects.active().filter(owner=user).count(),
            views=AccessEvent.objects.filter(patient=user).exclude(actor=user).count(),
        )
    if data["is_staff"]:
        data["needs_mfa"] = access.needs_mfa(user)
        if not data["needs_mfa"]:
            data["patients"] = access.patients_for(user).count()
            data["unread"] = access.visible_shares_for(user).filter(read_at=None).count()
            flagged = access.flagged_responses_for(user)
            data["flagged"] = flagged.count() if flagged is not None else 0
    if data["is_support"]:
        data["support_sessions"] = SupportInvite.objects.filter(
            support_person=user, accepted_at__isnull=False, withdrawn_at=None
        ).count()
    return data
