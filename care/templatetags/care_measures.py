"""A clinic's suggested questionnaires on the patient's questionnaires page: measures shows the
page, the care app knows the clinic (measures never imports care)."""

from django import template

from care import access
from measures.instruments import INSTRUMENTS
from measures.models import TrackedMeasures

register = template.Library()


@register.inclusion_tag("care/_measures_suggestion.html", takes_context=True)
def clinic_measures(context, tracked):
    user = context["request"].user
    found = access.suggested_measures_for(user)
    if found is None:
        return {"show": False}
    clinic, codes = found
    codes = [code for code in INSTRUMENTS if code in codes]
    answered = (
        TrackedMeasures.objects.filter(owner=user)
        .values_list("suggestion_answered", flat=True)
        .first()
    )
    same = set(codes) == set(tracked)
    return {
        "show": bool(codes) and not same and sorted(codes) != sorted(answered or []),
        "clinic": clinic,
        "codes": codes,
        "specs": [INSTRUMENTS[code] for code in codes],
    }
