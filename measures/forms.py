from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from measures.instruments import INSTRUMENTS, Instrument


class QuestionnaireForm(forms.Form):
    """One radio group per item, on the instrument's own answer scale; every item needs an
    answer, and an answer outside the scale gets a message naming the question."""

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.stem = instrument.stem
        for number, text in enumerate(instrument.items, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=instrument.item_choices(number - 1),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": format_lazy(
                        _("Please choose an answer for question {number}."), number=number
                    ),
                    "invalid_choice": format_lazy(
                        _("Please choose one of the answers for question {number} (0 to {max})."),
                        number=number,
                        max=instrument.item_max,
                    ),
                },
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(self.instrument.items) + 1)]


class TrackedForm(forms.Form):
    """Which questionnaires the person tracks: suggested before sessions and reminded of. The
    others stay one click away on the questionnaires page."""

    tracked = forms.MultipleChoiceField(
        label=_("Questionnaires I track"),
        choices=[(code, spec.name) for code, spec in INSTRUMENTS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Please choose from the questionnaires listed.")},
    )
