from django import forms
from django.utils.translation import gettext_lazy as _

from integration_journal.forms import TypedTextField
from intentions.models import Action, Intention, Review

MAX_TEXT = 10_000
SHORT_SUCCESS = 40


def text_field(label: str, help_text: str, placeholder: str) -> forms.CharField:
    return TypedTextField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": placeholder}),
    )


class IntentionForm(forms.ModelForm):
    title = forms.CharField(
        label=_("Your intention, in a few words"),
        max_length=200,
        help_text=_("Something you want to move towards, in your own words."),
        widget=forms.TextInput(
            attrs={"placeholder": _("For example: Feel at ease around my family")}
        ),
    )
    success_looks_like = text_field(
        _("What would success look like?"),
        _(
            "Picture an ordinary day when this has changed. What would you notice? What would "
            "someone close to you notice? The more concrete, the easier it is to recognise."
        ),
        _("I would sit through Sunday dinner without my chest tightening, and stay for dessert."),
    )
    troubles_most = text_field(
        _("What troubles you most about this right now?"),
        _("Name the part that weighs most. It is fine to be honest here; this is only for you."),
        _("The dread before family visits, and replaying every conversation afterwards."),
    )
    replace_with = text_field(
        _("What would you like in its place?"),
        _("Not only what should stop, but what you would welcome instead."),
        _("Curiosity about what they say, and letting a conversation end when it ends."),
    )
    why_it_matters = text_field(
        _("Why does this matter to you?"),
        _("What becomes possible if this changes?"),
        _("I want my children to see their grandparents without my tension in the room."),
    )

    class Meta:
        model = Intention
        fields = ["title", "success_looks_like", "troubles_most", "replace_with", "why_it_matters"]

    def short_success_hint(self) -> bool:
        """A gentle nudge toward concrete wording when the success text is very short."""
        if not self.is_bound or not self.is_valid():
            return False
        text = self.cleaned_data.get("success_looks_like", "").strip()
        return 0 < len(text) < SHORT_SUCCESS


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Intention.Status.choices)


class ActionForm(forms.ModelForm):
    text = forms.CharField(
        label=_("A concrete step"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("Walk through the door")}),
    )

    class Meta:
        model = Action
        fields = ["text"]


class ReviewForm(forms.ModelForm):
    progress = forms.IntegerField(
        label=_("How far along does this feel? (0–10)"),
        min_value=0,
        max_value=10,
        help_text=_("0: not started or further away; 10: this feels true now."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = TypedTextField(
        label=_("A note"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What moved, what didn't, what you noticed."),
    )

    class Meta:
        model = Review
        fields = ["progress", "note"]
