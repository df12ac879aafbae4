"""The safety response on a questionnaire's result page: the crisis resources of the person's
clinic and who on their care team will see the flag. The measures app shows it by loading this
library in its template, so it never imports care."""

from django import template
from django.utils.text import get_text_list

from care import access

register = template.Library()


@register.inclusion_tag("care/_safety_panel.html", takes_context=True)
def safety_panel(context):
    user = context["request"].user
    return {
        "crisis_resources": access.crisis_resources_for(user),
        "flagged_for": get_text_list([str(t) for t in access.flag_recipients(user)], "and"),
    }
