from django import template

from journal.models import Entry, TreatmentSession

register = template.Library()


@register.inclusion_tag("journal/_home_panel.html", takes_context=True)
def journal_panel(context):
    user = context["request"].user
    return {
        "recent": Entry.objects.for_owner(user).select_related("session").order_by("-created")[:3],
        "last_session": TreatmentSession.objects.for_owner(user).order_by("-date").first(),
    }
