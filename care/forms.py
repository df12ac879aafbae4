import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import reject_nul
from accounts.models import User
from care.models import CareLink, Clinic, ClinicInvite, FlagFollowUp, Resource
from integration_journal.forms import TypedTextField
from measures.instruments import INSTRUMENTS

TEXT_LIMIT = 10_000
TIME_ZONE_CHOICES = [(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones())]
CRISIS_LINK_SCHEMES = ("tel:", "sms:", "https:")


def long_text(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return TypedTextField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": _("Please keep this under 10,000 characters (it has %(show_value)d)."),
        },
    )


class NulFreeMixin:
    """Reject NUL in every text field; any other Unicode is kept exactly."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(
                    name, _("This text contains a character that cannot be stored (NUL).")
                )
        return cleaned


class JoinByCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Clinic code"),
        max_length=20,
        help_text=_("Your clinic can give you this code. Capital letters and numbers."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        code = reject_nul(self.cleaned_data["code"]).strip().upper().replace(" ", "")
        clinic = Clinic.objects.filter(join_code=code).first()
        if clinic is None:
            raise forms.ValidationError(
                _("We could not find a clinic with that code. Please check it with your clinic.")
            )
        self.clinic = clinic
        return code


class ClinicForm(NulFreeMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    suggested_measures = forms.MultipleChoiceField(
        label=_("Suggested questionnaires"),
        help_text=(
            _(
                "Offered to your patients as a suggestion of what to track; each patient accepts "
                "it or keeps their own choice."
            )
        ),
        choices=[(code, spec.name) for code, spec in INSTRUMENTS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Please choose from the questionnaires listed.")},
    )

    class Meta:
        model = Clinic
        fields = [
            "name",
            "time_zone",
            "crisis_resources",
            "flag_escalation_hours",
            "safety_contacts",
            "suggested_measures",
        ]
        labels = {"name": _("Clinic name"), "crisis_resources": _("Crisis resources")}
        widgets = {
            "crisis_resources": forms.Textarea(attrs={"rows": 5}),
            "safety_contacts": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "safety_contacts": _(
                "Emailed when a questionnaire flag is not acknowledged in time (no health "
                "details, a link to sign in). With nobody ticked, the clinic's admins are."
            ),
        }
        error_messages = {
            "flag_escalation_hours": {
                "min_value": _("Use at least 1 hour."),
                "max_value": _("Use at most 168 hours (a week)."),
                "invalid": _("Enter a whole number of hours."),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the clinic's own staff can be its safety contacts; a new clinic has only its
        # creator, who can choose once it exists.
        if self.instance.pk:
            self.fields["safety_contacts"].queryset = (
                User.objects.filter(memberships__clinic=self.instance)
                .order_by("display_name", "email")
                .distinct()
            )
        else:
            del self.fields["safety_contacts"]
            del self.fields["flag_escalation_hours"]
        if "flag_escalation_hours" in self.fields:
            self.fields["flag_escalation_hours"].required = False

    def clean_flag_escalation_hours(self):
        # Left empty: keep the clinic's period as it is.
        hours = self.cleaned_data["flag_escalation_hours"]
        return self.instance.flag_escalation_hours if hours is None else hours

    def clean_suggested_measures(self):
        chosen = set(self.cleaned_data["suggested_measures"])
        return [code for code in INSTRUMENTS if code in chosen]

    def clean_crisis_resources(self):
        text = self.cleaned_data["crisis_resources"]
        if len(text) > TEXT_LIMIT:
            raise forms.ValidationError(_("Please keep this under 10,000 characters."))
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if not parts[0]:
                raise forms.ValidationError(
                    gettext("Line {number}: start with the resource's name.").format(number=number)
                )
            if len(parts) > 3:
                raise forms.ValidationError(
                    gettext(
                        "Line {number}: use at most three parts: name | what to do | link."
                    ).format(number=number)
                )
            if len(parts) == 3 and parts[2] and not parts[2].startswith(CRISIS_LINK_SCHEMES):
                raise forms.ValidationError(
                    gettext("Line {number}: a link must start with tel:, sms: or https:.").format(
                        number=number
                    )
                )
        return text


class ClinicInviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Invite as"), choices=ClinicInvite.Role.choices)

    def clean_email(self):
        return reject_nul(self.cleaned_data["email"]).strip().lower()


class ConsentForm(forms.ModelForm):
    """The patient's consents at one clinic. Turning questionnaire sharing on shares results
    from now on; earlier ones only if "also share my earlier results" is ticked at that moment.
    Either way an earlier answer never becomes a new alert (see care/access.py)."""

    share_earlier_measures = forms.BooleanField(
        label=_("Also share my earlier results"),
        required=False,
        help_text=_(
            "Your care team would then see the questionnaires you answered before today, "
            "including any earlier answers to question 9 of the PHQ-9 (thoughts of being better "
            "off dead or of hurting yourself). Those earlier answers will not be sent to anyone as "
            "an alert. Leave this unticked to share only what you answer from now on."
        ),
    )

    class Meta:
        model = CareLink
        fields = ["share_measures", "share_checkins", "consents_to_clinic_reports"]
        help_texts = {
            "share_measures": _(
                "While this is on, a PHQ-9 answer above 0 to question 9 is flagged "
                "for your care team to follow up. Answers you give while it is off stay private, "
                "even if you turn it on later."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered only where turning sharing on is still to be chosen; once on, the choice
        # was made when it was turned on.
        if self.instance.share_measures:
            del self.fields["share_earlier_measures"]
        else:
            # The template shows it right after the questionnaire box.
            order = ["share_measures", "share_earlier_measures"]
            self.order_fields(order + [f for f in self.fields if f not in order])

    def save(self, commit=True):
        link = super().save(commit=False)
        turned_on = link.share_measures and "share_measures" in self.changed_data
        if turned_on:
            now = timezone.now()
            link.measures_flags_since = now
            earlier = self.cleaned_data.get("share_earlier_measures")
            link.measures_shared_since = None if earlier else now
        if commit:
            link.save()
        return link


class FollowUpForm(NulFreeMixin, forms.Form):
    """What was done about a questionnaire flag: asked when a therapist acknowledges it."""

    steps = forms.MultipleChoiceField(
        label=_("What did you do?"),
        choices=FlagFollowUp.Step.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please tick at least one thing you did.")},
    )
    note = long_text(
        _("Note"),
        required=False,
        help_text=_("Seen by the patient's care team, not by the patient. Needed with Other."),
    )

    def clean(self):
        cleaned = super().clean()
        if "other" in cleaned.get("steps", []) and not cleaned.get("note", "").strip():
            self.add_error("note", _("Please say in a few words what you did."))
        return cleaned


class ReflectionForm(NulFreeMixin, forms.Form):
    body = long_text(_("Your reflection"), help_text=_("Markdown works: *emphasis*, lists, links."))

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Please write something first."))
        return body


class ReplyForm(ReflectionForm):
    body = long_text(_("Your reply"), help_text=_("Markdown works: *emphasis*, lists, links."))


class SupportInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_(
            "They will get a link to accept. They see only this session's date and "
            "their own notes, nothing else of yours."
        ),
    )

    def clean_email(self):
        return reject_nul(self.cleaned_data["email"]).strip().lower()


class SupportNoteForm(ReflectionForm):
    body = long_text(
        _("Your note"),
        help_text=_(
            "What they said, what you noticed. Markdown works. They will see it on the "
            "session page."
        ),
    )


class ResourceForm(NulFreeMixin, forms.ModelForm):
    description = long_text(_("Description"), required=False)

    class Meta:
        model = Resource
        fields = ["kind", "title", "description", "schedule", "url"]
        labels = {"kind": _("Kind"), "schedule": _("When"), "url": _("Link")}
        help_texts = {"schedule": _("For example: Tuesdays 6–7:30 pm, online")}

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url and not url.startswith("https://") and not url.startswith("http://"):
            raise forms.ValidationError(_("Use an http(s) link."))
        return url


class NextSessionForm(forms.Form):
    """Onboarding's last step: the date of the next treatment session, saved as a planned
    session the patient fills in later."""

    date = forms.DateTimeField(
        label=_("Date and time of your next session"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={
            "required": _("Please enter a date, or choose “Skip for now”."),
            "invalid": _("Please enter a date and time like 2026-05-14 09:30."),
        },
    )
