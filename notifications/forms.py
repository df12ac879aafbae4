from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import PATIENT_KINDS, STAFF_KINDS, Preference


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = [
            *(str(kind) for kind in PATIENT_KINDS),
            "check_in_time",
            *(str(kind) for kind in STAFF_KINDS),
            "quiet_start",
            "quiet_end",
        ]
        widgets = {
            "check_in_time": TimeInput(),
            "quiet_start": TimeInput(),
            "quiet_end": TimeInput(),
        }
        labels = {
            "questionnaire": _("Questionnaires due"),
            "note": _("New notes for you"),
            "care_digest": _("New flags and shares"),
        }
        help_texts = {
            "questionnaire": _("Before a session, when one you track is due."),
            "note": _("A reflection from your therapist or a note from your support person."),
            "follow_up": _("A day, three days, a week and a month after a session you log."),
            "check_in_time": _("Your time zone's time, e.g. 19:30. Needed for the daily check-in."),
            "care_digest": _("For your patients: at most one message an hour."),
            "escalation": _(
                "On your devices, when a flag waits past the clinic's period. "
                "The clinic's email to safety contacts is sent either way."
            ),
            "quiet_end": _("Nothing is sent between these times; it waits until they end."),
        }

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            for kind in STAFF_KINDS:
                del self.fields[str(kind)]
        self.fields["quiet_start"].required = True
        self.fields["quiet_end"].required = True

    def clean(self):
        data = super().clean()
        if data.get("check_in") and not data.get("check_in_time"):
            self.add_error("check_in_time", _("Pick a time for the daily check-in."))
        return data
