"""The journal's forms: a treatment session, an entry (with its themes, feelings and linked
intentions), search and a stretch of the timeline."""

import datetime as dt
import uuid

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from integration_journal.forms import MOOD_OPTIONAL, ChipPicker, TypedTextField, mood_field
from intentions.models import Intention
from journal.models import Entry, Theme, TreatmentSession, theme_slug

# The feelings offered as chips, in four groups so the list reads at a glance and keyboard users
# Tab from group to group (the arrow keys move inside one). The stored values are the words.
FEELING_GROUPS = [
    (_("Calm and open"), ["calm", "peaceful", "relieved", "tender", "curious", "connected"]),
    (_("Bright and glad"), ["hopeful", "grateful", "joyful", "energised", "proud", "loved"]),
    (_("Heavy and sad"), ["sad", "grieving", "lonely", "numb", "ashamed", "tired"]),
    (
        _("Tense and afraid"),
        ["anxious", "afraid", "angry", "frustrated", "overwhelmed", "confused"],
    ),
]
FEELINGS = [feeling for _group, feelings in FEELING_GROUPS for feeling in feelings]
# What each stored feeling word reads as in the person's language (the words stay as stored, in
# English, so an entry means the same whatever language it was written in).
FEELING_LABELS = {
    "calm": pgettext_lazy("a feeling", "calm"),
    "peaceful": pgettext_lazy("a feeling", "peaceful"),
    "relieved": pgettext_lazy("a feeling", "relieved"),
    "tender": pgettext_lazy("a feeling", "tender"),
    "curious": pgettext_lazy("a feeling", "curious"),
    "connected": pgettext_lazy("a feeling", "connected"),
    "hopeful": pgettext_lazy("a feeling", "hopeful"),
    "grateful": pgettext_lazy("a feeling", "grateful"),
    "joyful": pgettext_lazy("a feeling", "joyful"),
    "energised": pgettext_lazy("a feeling", "energised"),
    "proud": pgettext_lazy("a feeling", "proud"),
    "loved": pgettext_lazy("a feeling", "loved"),
    "sad": pgettext_lazy("a feeling", "sad"),
    "grieving": pgettext_lazy("a feeling", "grieving"),
    "lonely": pgettext_lazy("a feeling", "lonely"),
    "numb": pgettext_lazy("a feeling", "numb"),
    "ashamed": pgettext_lazy("a feeling", "ashamed"),
    "tired": pgettext_lazy("a feeling", "tired"),
    "anxious": pgettext_lazy("a feeling", "anxious"),
    "afraid": pgettext_lazy("a feeling", "afraid"),
    "angry": pgettext_lazy("a feeling", "angry"),
    "frustrated": pgettext_lazy("a feeling", "frustrated"),
    "overwhelmed": pgettext_lazy("a feeling", "overwhelmed"),
    "confused": pgettext_lazy("a feeling", "confused"),
}


def feeling_label(word: str) -> str:
    """A stored feeling as the reader's language says it; a word of the person's own as it is."""
    label = FEELING_LABELS.get(word)
    return str(label) if label is not None else word


MAX_BODY = 100_000
MAX_TEXT = 10_000
MAX_AHEAD = dt.timedelta(days=1)  # how far ahead an entry may be dated (an evening's preparation)
# The entry form lists this many of the person's latest sessions (and the entry's own); an
# earlier one is given by its number, so the form costs the same after hundreds of sessions.
RECENT_SESSIONS = 12


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MinuteDateTimeField(forms.DateTimeField):
    """A date and time typed to the minute (a datetime-local input) whose hidden initial value
    may hold seconds: changed only when the minute is another."""

    def has_changed(self, initial, data):
        try:
            value = self.to_python(data)
        except forms.ValidationError:
            return True
        initial = self.to_python(initial) if isinstance(initial, str) else initial
        if initial is None or value is None:
            return initial != value
        return _to_minute(timezone.localtime(initial)) != _to_minute(timezone.localtime(value))


class KeepsTrashedIntentions:
    """For a form with an `intentions` field offering only intentions outside the trash.

    Links to intentions in the trash are not offered, so saving would drop them; instead they are
    kept as they are, and restoring the intention from the trash brings its links back.
    """

    @cached_property
    def trashed_intentions(self) -> list[Intention]:
        if self.instance._state.adding:
            return []
        return list(self.instance.intentions.filter(deleted_at__isnull=False))

    def clean_intentions(self):
        return [*self.cleaned_data["intentions"], *self.trashed_intentions]


class SessionForm(KeepsTrashedIntentions, forms.ModelForm):
    number = forms.IntegerField(
        label=_("Session number"), min_value=1, max_value=10_000, help_text=_("Filled in for you.")
    )
    date = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    mood_before = mood_field(_("Mood before (0–10)"), help_text=MOOD_OPTIONAL)
    mood_after = mood_field(_("Mood after (0–10)"), help_text=MOOD_OPTIONAL)
    intentions = forms.ModelMultipleChoiceField(
        label=_("Intentions for this session"),
        queryset=Intention.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TreatmentSession
        fields = [
            "number",
            "date",
            "kind",
            "setting",
            "support_person_present",
            "intentions",
            "mood_before",
            "mood_after",
        ]
        labels = {
            "kind": _("Kind of treatment"),
            "setting": _("Where, and with whom"),
            "support_person_present": _("A support person was with me"),
        }
        help_texts = {"setting": _("For example: “clinic room 2, with Dr. Rivera and my sister”.")}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["intentions"].queryset = Intention.objects.for_owner(owner)
        if self.instance._state.adding and not self.is_bound:
            last = TreatmentSession.objects.for_owner(owner).order_by("-number").first()
            self.initial.setdefault("number", (last.number + 1) if last else 1)
            self.initial.setdefault("date", timezone.localtime().replace(second=0, microsecond=0))

    def clean_number(self):
        number = self.cleaned_data["number"]
        others = TreatmentSession.objects.for_owner(self.owner).exclude(pk=self.instance.pk)
        if others.filter(number=number).exists():
            raise forms.ValidationError(
                gettext("You already have a session %(number)s. Please choose another number.")
                % {"number": number}
            )
        return number

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value.year < 1900:
            raise forms.ValidationError(_("Please check the year: it is before 1900."))
        if value > timezone.now() + dt.timedelta(days=366):
            raise forms.ValidationError(_("That is more than a year ahead. Please check the date."))
        return value


class EntryForm(KeepsTrashedIntentions, forms.ModelForm):
    body = TypedTextField(
        label=_("What would you like to write?"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 14, "class": "writing"}),
        help_text=_("Markdown works: **bold**, *italic*, lists with -, > for quotes."),
    )
    insight = TypedTextField(
        label=_("Key insight"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One thing you want to remember from this."),
    )
    emotions = forms.MultipleChoiceField(
        label=_("Emotions"),
        choices=[(group, [(f, FEELING_LABELS[f]) for f in fs]) for group, fs in FEELING_GROUPS],
        required=False,
        widget=ChipPicker,
    )
    other_emotions = forms.CharField(
        label=_("Other emotions, in your own words"),
        required=False,
        max_length=300,
        help_text=_("Separate them with commas."),
    )
    theme_names = forms.CharField(
        label=_("Themes"),
        required=False,
        max_length=1000,
        help_text=_("Separate themes with commas. New ones are created for you."),
        widget=forms.TextInput(attrs={"list": "theme-options", "autocomplete": "off"}),
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=TreatmentSession.objects.none(),
        required=False,
        empty_label=_("Not about a particular session"),
    )
    session_number = forms.IntegerField(
        label=_("Or an earlier session, by its number"),
        required=False,
        min_value=1,
        max_value=10_000,
        help_text=_("The list above shows your latest sessions."),
    )
    intentions = forms.ModelMultipleChoiceField(
        label=_("Related intentions"),
        queryset=Intention.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # When it happened, in the writer's own time zone (the middleware activates it). The input
    # shows minutes; its hidden initial value keeps the exact time the form showed, so a field
    # left as it was keeps that time to the second (see clean_happened_at).
    happened_at = MinuteDateTimeField(
        label=_("When did it happen?"),
        widget=DateTimeInput(),
        show_hidden_initial=True,
        help_text=_("Now, unless you are writing later about something earlier."),
        error_messages={
            "required": _("Please give the date and time it happened."),
            "invalid": _("Please give a date and time, such as 2026-03-04 20:30."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A new entry's key, made when the form is shown (and again by the page's script after an
    # entry was kept offline): the same key saved twice is one entry (see entry_create).
    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=36)

    class Meta:
        model = Entry
        fields = ["session", "happened_at", "phase", "title", "body", "insight", "intentions"]
        labels = {"phase": _("When is this about?"), "title": _("Title")}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        # Any of the person's sessions is valid; only the latest and the chosen one are listed,
        # and only read when the form is shown (an import validates thousands of entries).
        self.fields["session"].queryset = TreatmentSession.objects.for_owner(owner)
        self.fields["session"].choices = self._session_choices
        self.fields["intentions"].queryset = Intention.objects.for_owner(owner)
        self.fields["title"].required = False
        if self.is_bound and self.add_prefix("happened_at") not in self.data:
            # Sent without the field at all (a form kept offline from before it existed, an
            # import of an archive without it): see clean_happened_at.
            self.fields["happened_at"].required = False
        if not self.is_bound and "happened_at" not in self.initial:
            self.initial["happened_at"] = (
                timezone.now() if self.instance._state.adding else self.instance.happened_at
            )
        if not self.instance._state.adding and not self.is_bound:
            known = set(FEELINGS)
            emotions = self.instance.emotions or []
            self.initial["emotions"] = [e for e in emotions if e in known]
            self.initial["other_emotions"] = ", ".join(e for e in emotions if e not in known)
            self.initial["theme_names"] = ", ".join(t.name for t in self.instance.themes.all())
            self.initial["version"] = self.instance.version

    @cached_property
    def _latest_sessions(self) -> list[TreatmentSession]:
        """The latest sessions by date, one more than are listed (to know if there are more)."""
        sessions = TreatmentSession.objects.for_owner(self.owner).only("pk", "number", "date")
        return list(sessions.order_by("-date", "-number")[: RECENT_SESSIONS + 1])

    @cached_property
    def session_options(self) -> list[TreatmentSession]:
        """The sessions the picker lists, latest first: the latest few and the one chosen (the
        entry's own, the one a link or the sent form names), wherever it is in time."""
        options = self._latest_sessions[:RECENT_SESSIONS]
        chosen = self._chosen_session_pk()
        if chosen and all(str(session.pk) != chosen for session in options):
            extra = TreatmentSession.objects.for_owner(self.owner).filter(pk=chosen)
            options = [*options, *extra.only("pk", "number", "date")]
            options.sort(key=lambda session: (session.date, session.number), reverse=True)
        return options

    def _session_choices(self) -> list[tuple]:
        return [
            ("", self.fields["session"].empty_label),
            *((session.pk, str(session)) for session in self.session_options),
        ]

    @property
    def has_earlier_sessions(self) -> bool:
        """More sessions than the picker lists: the form offers the session number field."""
        return len(self._latest_sessions) > RECENT_SESSIONS

    def _chosen_session_pk(self) -> str | None:
        if self.is_bound:
            value = self.data.get(self.add_prefix("session"))
        else:
            value = self.initial.get("session", self.instance.session_id)
        value = getattr(value, "pk", value)
        if not value:
            return None
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            return None

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("body") or "").strip() and not (cleaned.get("title") or "").strip():
            raise forms.ValidationError(_("Write a few words, or at least a title, to save."))
        number = cleaned.get("session_number")
        if number is not None:
            session = TreatmentSession.objects.for_owner(self.owner).filter(number=number).first()
            chosen = cleaned.get("session")
            if session is None:
                self.add_error(
                    "session_number",
                    gettext("You have no session %(number)s.") % {"number": number},
                )
            elif chosen is not None and chosen != session:
                self.add_error(
                    "session_number",
                    gettext(
                        "That is another session than the one chosen in the list. Please "
                        "choose one: empty the number, or set the list to “%(empty)s”."
                    )
                    % {"empty": self.fields["session"].empty_label},
                )
            else:
                cleaned["session"] = session
        return cleaned

    def clean_happened_at(self):
        value = self.cleaned_data["happened_at"]
        if value is None:
            # Not sent at all: a new entry happened when it is saved, an edited one keeps its time.
            return timezone.now() if self.instance._state.adding else self.instance.happened_at
        if value.year < 1900:
            raise forms.ValidationError(gettext("Please check the year: it is before 1900."))
        if value > timezone.now() + MAX_AHEAD:
            raise forms.ValidationError(
                gettext(
                    "That is more than a day ahead. Please check the date and time: "
                    "an entry is about something that has happened, or is about to."
                )
            )
        if "happened_at" not in self.changed_data:
            # Left as it was shown. An edited entry keeps its own time, to the microsecond; a
            # new one gets the second the form was opened at (so entries begun one after
            # another, or kept offline and sent later, stay in order), never later than now.
            if not self.instance._state.adding:
                return self.instance.happened_at
            shown = self._shown("happened_at")
            if shown is not None:
                return min(shown, timezone.now())
        return value

    def _shown(self, name: str) -> dt.datetime | None:
        """The hidden initial value the form was shown with, or None."""
        field = self.fields[name]
        raw = field.hidden_widget().value_from_datadict(
            self.data, self.files, self[name].html_initial_name
        )
        try:
            return field.to_python(raw)
        except forms.ValidationError:
            return None

    def clean_client_key(self) -> uuid.UUID | None:
        # Not something the person typed: a missing or mangled key just saves without one.
        try:
            return uuid.UUID(self.cleaned_data["client_key"])
        except ValueError:
            return None

    def clean_other_emotions(self):
        return _split(self.cleaned_data["other_emotions"], limit=40)

    def clean_theme_names(self):
        names = _split(self.cleaned_data["theme_names"], limit=60)
        if len(names) > 20:
            raise forms.ValidationError(_("Up to 20 themes per entry."))
        unusable = [name for name in names if not theme_slug(name)]
        if unusable:
            quoted = ", ".join(f"“{name}”" for name in unusable)
            raise forms.ValidationError(
                gettext("%(names)s can't be a theme: use at least one letter, number or emoji.")
                % {"names": quoted}
            )
        return names

    def emotion_list(self) -> list[str]:
        seen: list[str] = []
        for emotion in [*self.cleaned_data["emotions"], *self.cleaned_data["other_emotions"]]:
            if emotion.lower() not in (e.lower() for e in seen):
                seen.append(emotion)
        return seen

    def themes(self) -> list[Theme]:
        return Theme.objects.get_or_create_named(self.owner, self.cleaned_data["theme_names"])


def _to_minute(value: dt.datetime) -> dt.datetime:
    return value.replace(second=0, microsecond=0)


def _split(value: str, *, limit: int) -> list[str]:
    items = [" ".join(part.split()) for part in value.split(",")]
    for item in items:
        if len(item) > limit:
            raise forms.ValidationError(
                gettext("Each one can be at most %(limit)s characters.") % {"limit": limit}
            )
    return [item for item in items if item]


class SearchPicker(forms.Select):
    """A select of a journal's themes or sessions for search: a long treatment has hundreds of
    each, so the options are written from (value, label) pairs in one loop, without the option
    dicts Django's select builds for each. The markup is that of Django's select."""

    template_name = "journal/search_picker.html"

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"]["chosen"] = context["widget"]["value"][0]
        context["widget"]["options"] = [(str(key), label) for key, label in self.choices]
        return context


class _Pairs(forms.models.ModelChoiceIterator):
    """A picker's choices read as (value, label) pairs, without a model instance for each."""

    def __iter__(self):
        yield ("", self.field.empty_label)
        yield from self.field.pairs(self.queryset)


class SearchPickerField(forms.ModelChoiceField):
    """One of the person's themes or sessions, or any (`pairs`: the choices of a queryset)."""

    iterator = _Pairs

    def __init__(self, *, pairs, **kwargs):
        super().__init__(queryset=None, required=False, widget=SearchPicker, **kwargs)
        self.pairs = pairs


def _session_pairs(sessions):
    label = gettext("Session %(number)s")  # as TreatmentSession.__str__
    return (
        (key, label % {"number": number}) for key, number in sessions.values_list("pk", "number")
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search your journal"), required=False, max_length=200)
    theme = SearchPickerField(
        to_field_name="slug",
        label=_("Theme"),
        pairs=lambda themes: themes.values_list("slug", "name"),
    )
    phase = forms.ChoiceField(
        choices=[("", _("Any phase")), *Entry.Phase.choices], required=False, label=_("Phase")
    )
    session = SearchPickerField(label=_("Session"), pairs=_session_pairs)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the pickers show: a long treatment has hundreds of each.
        self.fields["theme"].queryset = Theme.objects.for_owner(owner)
        self.fields["theme"].empty_label = _("Any theme")
        self.fields["session"].queryset = TreatmentSession.objects.for_owner(owner)
        self.fields["session"].empty_label = _("Any session")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned


class StretchForm(forms.Form):
    """A stretch of time on the timeline: from `after` (inclusive) to `before` (exclusive)."""

    after = forms.DateTimeField(required=False)
    before = forms.DateTimeField(required=False)
