"""Forms for managing themes: create, rename (and recolour), merge, add suggested starters."""

from __future__ import annotations

from django import forms

from accounts.forms import reject_nul
from journal.models import Theme, theme_slug
from journal.themes import STARTERS, ThemeColour

NAME_MAX = 60


class ThemeForm(forms.Form):
    """A theme's name and optional colour. With `theme`, it renames that theme."""

    name = forms.CharField(
        label="Name",
        max_length=NAME_MAX,
        error_messages={
            "required": "Give the theme a name.",
            "max_length": f"Keep the name to {NAME_MAX} characters or fewer.",
        },
        validators=[reject_nul],
    )
    colour = forms.ChoiceField(
        label="Colour",
        required=False,
        choices=[("", "No colour"), *ThemeColour.choices],
        help_text="Just for finding it at a glance; the name is always shown too.",
    )

    def __init__(self, *args, owner, theme: Theme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.theme = theme
        self.slug = ""
        self.clash: Theme | None = None  # the theme whose name this one would take

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        slug = theme_slug(name)
        if not slug:
            raise forms.ValidationError("Use at least one letter, number or emoji in the name.")
        clash = Theme.objects.for_owner(self.owner).filter(slug=slug)
        if self.theme is not None:
            clash = clash.exclude(pk=self.theme.pk)
        existing = clash.first()
        if existing is not None:
            self.clash = existing
            if self.theme is None:
                raise forms.ValidationError(f"You already have a theme called “{existing.name}”.")
            raise forms.ValidationError(
                f"You already have a theme called “{existing.name}”. To bring the two together, "
                f"use “Merge” below and choose “{existing.name}”."
            )
        self.slug = slug
        return name


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label="Merge into",
        queryset=Theme.objects.none(),
        empty_label="Choose a theme",
        error_messages={
            "required": "Choose the theme to merge into.",
            "invalid_choice": "Choose one of your other themes.",
        },
    )

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Theme.objects.for_owner(theme.owner).exclude(pk=theme.pk).order_by("name")
        )
        self.fields["into"].help_text = (
            f"Entries tagged “{theme.name}” get the theme you choose (once, even if they already "
            f"have it), and “{theme.name}” is then removed."
        )


class StartersForm(forms.Form):
    starter = forms.MultipleChoiceField(
        label="Suggested themes",
        choices=[(name, name) for name in STARTERS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick at least one theme, or skip this and add your own while you write.",
            "invalid_choice": "Choose from the suggested themes.",
        },
    )
