from django import template

from care import access

register = template.Library()


@register.inclusion_tag("care/_home_panel.html", takes_context=True)
def care_panel(context):
    return access.home_panel(context["request"].user)
