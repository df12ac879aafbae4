"""The crisis resources shown when a clinic has not configured its own (United States).

In the person's language: the Spanish catalogue gives the Spanish ways in to the same services
(988: press 2, or text AYUDA; Crisis Text Line: text AYUDA to 741741), with their sources in
docs/i18n.md. The links are translatable too, so a Spanish text message starts with the keyword."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DEFAULT_CRISIS_RESOURCES = [
    {
        "name": _("988 Suicide & Crisis Lifeline"),
        "detail": _("Call or text 988, any time, day or night."),
        "href": "tel:988",
        "action": _("Call 988"),
    },
    {
        "name": _("Text 988"),
        "detail": _("Prefer writing? Send a text message to 988."),
        "href": pgettext_lazy("crisis link", "sms:988"),
        "action": _("Text 988"),
    },
    {
        "name": "Crisis Text Line",
        "detail": _("Text HOME to 741741 to reach a trained crisis counselor."),
        "href": pgettext_lazy("crisis link", "sms:741741?body=HOME"),
        "action": _("Text 741741"),
    },
    {
        "name": _("Emergency services"),
        "detail": _(
            "If you are in immediate danger, call 911 or go to the nearest emergency room."
        ),
        "href": "tel:911",
        "action": _("Call 911"),
    },
]
