"""The whitespace policy for free text (docs/testing.md, "Whitespace"): what people write is stored
exactly as typed, except that line endings become "\\n"; single-line names and titles are trimmed
(Django's default)."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TypedTextField(forms.CharField):
    """Multi-line text kept as typed: no trimming (Markdown needs trailing double spaces for a
    line break, leading spaces for code and nesting), browsers' "\\r\\n" stored as "\\n". A form
    that needs some words (an entry, a reflection) still treats text that is only whitespace
    as nothing written, in its own clean()."""

    def __init__(self, **kwargs):
        kwargs["strip"] = False
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_newlines(super().to_python(value))


MOOD_HELP = gettext_lazy("0 is the lowest you have felt, 10 the best.")
MOOD_OPTIONAL = format_lazy("{} {}", MOOD_HELP, gettext_lazy("Leave it unanswered if you prefer."))
MOOD_ERROR = gettext_lazy("A mood is a number from 0 to 10, or left unanswered.")


class MoodScale(forms.RadioSelect):
    """A 0–10 mood as one row of eleven tap targets: real radio buttons in a fieldset, so arrow
    keys move along the row and a screen reader hears "Mood before, 3, 4 of 11". No radio checked
    is "not answered"; static/js/choices.js adds a button that clears a choice (without
    JavaScript the answer can be changed, not cleared). The endpoints are named in words, in the
    same wording as the help text."""

    template_name = "widgets/mood_scale.html"
    low, high = gettext_lazy("lowest"), gettext_lazy("best")

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[(n, str(n)) for n in range(11)])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["low"], context["widget"]["high"] = self.low, self.high
        return context


def mood_field(label: str, *, help_text: str = MOOD_HELP) -> forms.IntegerField:
    """A mood from 0 to 10, or nothing: the session's before and after, the daily check-in."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10,
        required=False,
        help_text=help_text,
        widget=MoodScale(),
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), MOOD_ERROR),
    )


class ChipPicker(forms.CheckboxSelectMultiple):
    """Checkboxes drawn as compact chips, in groups when the choices are grouped
    ([(group, [(value, label), ...]), ...]): one fieldset with a legend per group. Each chip is a
    real checkbox with its label. static/js/choices.js makes each group one Tab stop, with the
    arrow keys moving inside it; without JavaScript every checkbox is its own Tab stop."""

    template_name = "widgets/chips.html"
