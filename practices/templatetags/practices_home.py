from django import template
from django.utils import timezone

from practices.models import CheckIn

register = template.Library()


@register.inclusion_tag("practices/_home_panel.html", takes_context=True)
def practices_panel(context):
    user = context["request"].user
    today = CheckIn.objects.for_owner(user).filter(date=timezone.localdate()).first()
    return {"today": today}
