"""The safety response around PHQ-9 item 9: on the result page, the crisis resources of the
person's clinic and who on their care team sees the flag; on the questionnaire, the same
resources beside question 9, revealed as soon as it is answered above 0. The measures app
shows both by loading this library in its templates, so it never imports care."""

from django import template
from django.utils.text import get_text_list

from care import access

register = template.Library()


@register.inclusion_tag("care/_safety_panel.html", takes_context=True)
def safety_panel(context, response):
    """What the patient is told comes from the answer's own flag state, decided when it was
    given, so it stays true whatever they share later."""
    user = context["request"].user
    recipients = access.flag_recipients(user) if response.is_flag else []
    return {
        "crisis_resources": access.crisis_resources_for(user),
        "flagged": response.is_flag,
        "flagged_for": get_text_list([str(t) for t in recipients], "and"),
    }


@register.inclusion_tag("care/_item9_resources.html", takes_context=True)
def item9_resources(context, answer=None):
    """The crisis resources beside question 9, hidden until it is answered above 0
    (static/js/item9.js reveals them; a re-shown form with such an answer shows them at once)."""
    try:
        shown = int(answer or 0) > 0
    except (TypeError, ValueError):
        shown = False
    return {
        "crisis_resources": access.crisis_resources_for(context["request"].user),
        "shown": shown,
    }
