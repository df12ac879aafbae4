from django import template
from django.db.models import Prefetch

from intentions.models import Action, Intention

register = template.Library()


@register.inclusion_tag("intentions/_home_panel.html", takes_context=True)
def intentions_panel(context):
    user = context["request"].user
    open_actions = Action.objects.filter(done_at__isnull=True).order_by("order", "created")
    intentions = (
        Intention.objects.for_owner(user)
        .filter(status=Intention.Status.ACTIVE)
        .prefetch_related(Prefetch("actions", queryset=open_actions, to_attr="open_actions"))[:5]
    )
    return {"intentions": intentions}
