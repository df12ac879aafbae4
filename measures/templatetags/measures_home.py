from django import template

from measures.suggest import reminder_due, suggestion

register = template.Library()


@register.inclusion_tag("measures/_home_panel.html", takes_context=True)
def measures_panel(context):
    user = context["request"].user
    upcoming = suggestion(user)
    return {"upcoming": upcoming, "reminder": upcoming is None and reminder_due(user)}
