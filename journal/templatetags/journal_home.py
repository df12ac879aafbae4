from django import template
from django.utils import timezone

from journal.calendar import on_this_day
from journal.followups import due_follow_ups
from journal.models import Entry, TreatmentSession

register = template.Library()


@register.inclusion_tag("journal/_home_panel.html", takes_context=True)
def journal_panel(context):
    user = context["request"].user
    now = timezone.now()
    sessions = TreatmentSession.objects.for_owner(user)
    return {
        "recent": Entry.objects.for_owner(user)
        .select_related("session")
        .order_by("-happened_at", "-pk")[:3],
        "last_session": sessions.filter(date__lte=now).order_by("-date").first(),
        "next_session": sessions.filter(date__gt=now).order_by("date").first(),
        "follow_ups": due_follow_ups(user, now=now)[:2],
        "on_this_day": on_this_day(user),
    }
