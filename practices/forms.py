import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from integration_journal.forms import TypedTextField, mood_field
from practices.models import Practice

MAX_MINUTES = 1440


class CheckInForm(forms.Form):
    mood = mood_field(_("Mood today (0–10)"))
    sleep_hours = forms.DecimalField(
        label=_("Hours of sleep last night"),
        min_value=Decimal(0),
        max_value=Decimal(24),
        max_digits=3,
        decimal_places=1,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    note = TypedTextField(
        label=_("A few words about today"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, practices, more=(), logged=None, **kwargs):
        """`practices` are shown first; `more` are offered behind "More practices"."""
        super().__init__(*args, **kwargs)
        self.shown = list(practices)
        self.more = list(more)
        self.practices = [*self.shown, *self.more]
        logged = logged or {}
        for practice in self.practices:
            done = f"done_{practice.pk}"
            self.fields[done] = forms.BooleanField(
                label=str(practice), required=False, initial=practice.pk in logged
            )
            self.fields[f"minutes_{practice.pk}"] = forms.IntegerField(
                label=format_lazy(_("Minutes of {practice}"), practice=str(practice).lower()),
                required=False,
                min_value=1,
                max_value=MAX_MINUTES,
                initial=logged.get(practice.pk),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "minutes"}),
            )

    def practice_rows(self):
        return [(p, self[f"done_{p.pk}"], self[f"minutes_{p.pk}"]) for p in self.shown]

    def more_rows(self):
        return [(p, self[f"done_{p.pk}"], self[f"minutes_{p.pk}"]) for p in self.more]

    def more_in_use(self) -> bool:
        """Whether "More practices" should open: something in it was ticked, typed or refused."""
        return self.is_bound and any(
            done.value() or minutes.value() or minutes.errors
            for _, done, minutes in self.more_rows()
        )

    def done(self) -> dict:
        """{practice: minutes or None} for the practices done that day.

        A tick means done. Minutes typed without the tick also count, as someone who fills in
        "20" for a walk did walk, but not for a practice that was logged and is now unticked:
        unticking removes it, whatever its minutes field still says.
        """
        result = {}
        for practice in self.practices:
            ticked = self.cleaned_data.get(f"done_{practice.pk}")
            was_logged = self.fields[f"done_{practice.pk}"].initial
            minutes = self.cleaned_data.get(f"minutes_{practice.pk}")
            if ticked or (minutes and not was_logged):
                result[practice] = minutes
        return result


class ChooseForm(forms.Form):
    chosen = forms.ModelMultipleChoiceField(
        label=_("Practices you are working on"),
        queryset=Practice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_practice = forms.CharField(
        label=_("Add your own practice"),
        required=False,
        max_length=80,
        help_text=_("For example: “Calling my brother on Sundays”."),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["chosen"].queryset = Practice.objects.available_to(owner)

    def clean_new_practice(self):
        name = " ".join(self.cleaned_data["new_practice"].split())
        if name and Practice.objects.available_to(self.owner).filter(name__iexact=name).exists():
            raise forms.ValidationError(_("That practice is already in the list; tick it above."))
        return name


def parse_day(value: str | None) -> dt.date:
    """The check-in day from ?date=, defaulting to today; never in the future."""
    today = timezone.localdate()
    if not value:
        return today
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise forms.ValidationError(_("That date could not be read.")) from error
    if day > today:
        raise forms.ValidationError(_("Check-ins can't be for days that haven't happened yet."))
    if day < today - dt.timedelta(days=366):
        raise forms.ValidationError(_("Check-ins can go back up to a year."))
    return day


class TimerLogForm(forms.Form):
    minutes = forms.IntegerField(min_value=1, max_value=240)
