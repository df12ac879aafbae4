from django import forms

from measures.instruments import ANSWERS, STEM, Instrument


class QuestionnaireForm(forms.Form):
    """One radio group per item; every item needs an answer."""

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for number, text in enumerate(instrument.items, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=ANSWERS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Please choose an answer for question {number}."},
            )

    stem = STEM

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(self.instrument.items) + 1)]
