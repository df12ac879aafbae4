"""The session page's questionnaires (the journal's template loads this tag; the journal
never imports measures): what was answered in the 3 days before the session, and, while the
session is coming up, the tracked questionnaires still to answer."""

import datetime as dt

from django import template
from django.utils import timezone

from measures.suggest import SUGGEST_BEFORE_DAYS, answers_before, due_before

register = template.Library()


@register.inclusion_tag("measures/_session_panel.html", takes_context=True)
def session_measures(context, session):
    user = context["request"].user
    now = timezone.now()
    upcoming = session.date >= now
    soon = upcoming and session.date - now <= dt.timedelta(days=SUGGEST_BEFORE_DAYS)
    due = due_before(user, session) if soon else []
    return {
        "session": session,
        "answers": answers_before(user, session),
        "due": due,
        "upcoming": upcoming,
        "days": SUGGEST_BEFORE_DAYS,
    }
