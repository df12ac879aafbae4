"""Panels the care app places in other apps' pages (entry, intention and session detail).

Usage: {% load care_tags %}{% share_panel entry %} / {% reflections_panel entry %} /
{% support_panel session %}. Each renders nothing unless the viewer owns the item.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext

from care.models import Reflection, Share, SupportInvite
from care.sharing import active_shares_for_item, kind_of, team_for

register = template.Library()


def _owner(context, item) -> bool:
    request = context.get("request")
    return bool(
        request and request.user.is_authenticated and item and item.owner_id == request.user.pk
    )


@register.inclusion_tag("care/_share_panel.html", takes_context=True)
def share_panel(context, item):
    if not _owner(context, item):
        return {"show": False}
    request = context["request"]
    team = list(team_for(request.user))
    shares = list(active_shares_for_item(item))
    shared_ids = {share.recipient_id for share in shares}
    ever_shared = bool(shared_ids) or Share.objects.filter(**{kind_of(item): item}).exists()
    # One choice per therapist: someone on the team through two clinics is one person to
    # share with (a share goes to the person), shown with both clinics' names.
    choices: dict = {}
    for member in team:
        choice = choices.setdefault(
            member.therapist_id,
            {"therapist": member.therapist, "clinics": [], "usually_share": False},
        )
        choice["clinics"].append(member.link.clinic.name)
        choice["usually_share"] |= member.usually_share
    for therapist_id, choice in choices.items():
        choice["checked"] = therapist_id in shared_ids or (
            not ever_shared and choice["usually_share"]
        )
    return {
        "show": True,
        "item": item,
        "kind": kind_of(item),
        "team": list(choices.values()),
        "shares": shares,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("care/_reflections_panel.html", takes_context=True)
def reflections_panel(context, entry):
    if not _owner(context, entry):
        return {"show": False}
    reflections = list(Reflection.objects.filter(entry=entry).select_related("author", "therapist"))
    threads: dict = {}  # thread key → (therapist or None for a former one, reflections)
    for reflection in reflections:
        threads.setdefault(reflection.thread_key, (reflection.therapist, []))[1].append(reflection)
    return {
        "show": bool(threads),
        "entry": entry,
        "threads": threads.values(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("care/_support_panel.html", takes_context=True)
def support_panel(context, session):
    if not _owner(context, session):
        return {"show": False}
    invites = list(
        SupportInvite.objects.filter(session=session)
        .select_related("support_person")
        .prefetch_related("notes")
        .order_by("created")
    )
    return {
        "show": True,
        "session": session,
        "invites": invites,
        "csrf_token": context.get("csrf_token"),
    }


_OWNER_URL_NAMES = {
    "entry": "journal:entry_detail",
    "session": "journal:session_detail",
    "intention": "intentions:detail",
}


@register.filter
def owner_url(item) -> str:
    """The owner's own page for an entry, intention or session (owned by other apps)."""
    if item is None:
        return ""
    return reverse(_OWNER_URL_NAMES[kind_of(item)], args=[item.pk])


@register.filter
def item_label(item) -> str:
    """A short, human label for a shared item."""
    if item is None:
        return ""
    kind = kind_of(item)
    if kind == "session":
        return gettext("Session {number}").format(number=item.number)
    return str(item)
