from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from measures.instruments import INSTRUMENTS, Instrument


class QuestionnaireForm(forms.Form):
    """One radio group per item, on the instrument's own answer scale; every item needs an
    answer, and an answer outside the scale gets a message naming the question."""

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        # The publisher's wording in the page's language, else the English original: then
        # `in_english` is true and the page says why (never a translation of our own).
        self.wording = instrument.wording()
        self.in_english = self.wording.language != (get_language() or "en").split("-")[0]
        self.stem = self.wording.stem
        for number, text in enumerate(self.wording.items, start=1):
            choices = instrument.item_choices(number - 1)
            if self.wording.answers and not instrument.anchors:
                choices = list(self.wording.answers)
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Please choose an answer for question %(number)s.")
                    % {"number": number},
                    "invalid_choice": _(
                        "Please choose one of the answers for question %(number)s (0 to %(top)s)."
                    )
                    % {"number": number, "top": instrument.item_max},
                },
            )

    @property
    def language_note(self) -> str:
        """Said above a questionnaire shown in English under another interface language."""
        if not self.in_english:
            return ""
        return _(
            "This questionnaire is shown in its original English wording: we use only a "
            "publisher's own translation of a questionnaire, and there is none in your language "
            "here yet. The rest of the page is in your language."
        )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(self.instrument.items) + 1)]


class TrackedForm(forms.Form):
    """Which questionnaires the person tracks: suggested before sessions and reminded of. The
    others stay one click away on the questionnaires page."""

    tracked = forms.MultipleChoiceField(
        label=gettext_lazy("Questionnaires I track"),
        choices=[(code, spec.name) for code, spec in INSTRUMENTS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Please choose from the questionnaires listed.")
        },
    )
