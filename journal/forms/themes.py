"""Forms for managing themes: create, rename (and recolour), merge, add suggested starters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import reject_nul
from journal.models import Theme, theme_slug
from journal.themes import STARTERS, ThemeColour

NAME_MAX = 60


class ThemeForm(forms.Form):
    """A theme's name and optional colour. With `theme`, it renames that theme."""

    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Give the theme a name."),
            "max_length": _("Keep the name to %(limit_value)s characters or fewer."),
        },
        validators=[reject_nul],
    )
    colour = forms.ChoiceField(
        label=_("Colour"),
        required=False,
        choices=[("", _("No colour")), *ThemeColour.choices],
        help_text=_("Just for finding it at a glance; the name is always shown too."),
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
            raise forms.ValidationError(_("Use at least one letter, number or emoji in the name."))
        clash = Theme.objects.for_owner(self.owner).filter(slug=slug)
        if self.theme is not None:
            clash = clash.exclude(pk=self.theme.pk)
        existing = clash.first()
        if existing is not None:
            self.clash = existing
            if self.theme is None:
                raise forms.ValidationError(
                    gettext("You already have a theme called “%(name)s”.") % {"name": existing.name}
                )
            raise forms.ValidationError(
                gettext(
                    "You already have a theme called “%(name)s”. To bring the two together, "
                    "use “Merge” below and choose “%(name)s”."
                )
                % {"name": existing.name}
            )
        self.slug = slug
        return name


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Theme.objects.none(),
        empty_label=_("Choose a theme"),
        error_messages={
            "required": _("Choose the theme to merge into."),
            "invalid_choice": _("Choose one of your other themes."),
        },
    )

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Theme.objects.for_owner(theme.owner).exclude(pk=theme.pk).order_by("name")
        )
        self.fields["into"].help_text = gettext(
            "Entries tagged “%(name)s” get the theme you choose (once, even if they already "
            "have it), and “%(name)s” is then removed."
        ) % {"name": theme.name}


class StartersForm(forms.Form):
    starter = forms.MultipleChoiceField(
        label=_("Suggested themes"),
        choices=[(name, name) for name in STARTERS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _(
                "Tick at least one theme, or skip this and add your own while you write."
            ),
            "invalid_choice": _("Choose from the suggested themes."),
        },
    )
