"""Themes: the theme view (patterns across sessions), one theme's entries, and managing themes."""

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal import themes as patterns
from journal.models import Entry, Theme


class RenameForm(forms.Form):
    name = forms.CharField(label="New name", max_length=60)

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        slug = slugify(name, allow_unicode=True)[:80]
        if not slug:
            raise forms.ValidationError("Use at least one letter or number.")
        clash = (
            Theme.objects.for_owner(self.theme.owner).filter(slug=slug).exclude(pk=self.theme.pk)
        )
        if clash.exists():
            raise forms.ValidationError(
                f"You already have a theme called “{clash.first().name}”. To combine the two, "
                "use Merge below."
            )
        self.slug = slug
        return name


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label="Merge into", queryset=Theme.objects.none(),
                                  empty_label="Choose a theme")  # fmt: skip

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Theme.objects.for_owner(theme.owner).exclude(pk=theme.pk)


def _theme(request, slug):
    return get_object_or_404(Theme.objects.for_owner(request.user), slug=slug)


@require_GET
def theme_list(request):
    entries = Entry.objects.for_owner(request.user)
    summary = patterns.theme_summary(entries)
    grid = patterns.recurrence_grid(entries)
    rows = [
        (theme, [(c, patterns.heat_level(c, grid.max_count)) for c in row],
         (between, patterns.heat_level(between, grid.max_count)))
        for theme, row, between in grid.rows
    ]  # fmt: skip
    unused = Theme.objects.for_owner(request.user).exclude(pk__in=[t.id for t in summary])
    has_themes = bool(summary) or unused.exists()
    return render(
        request,
        "journal/themes/theme_list.html",
        {
            "summary": summary,
            "grid": grid,
            "grid_rows": rows,
            "pairs": patterns.co_occurrence(entries),
            "unused": unused,
            "starters": [] if has_themes else patterns.STARTERS,
        },
    )


@require_GET
def theme_detail(request, slug):
    theme = _theme(request, slug)
    entries = Entry.objects.for_owner(request.user)
    return render(
        request,
        "journal/themes/theme_detail.html",
        {
            "theme": theme,
            "entries": patterns.theme_entries(entries, theme),
            "together": patterns.co_occurrence(entries, theme=theme, limit=8),
            "rename_form": RenameForm(theme=theme, initial={"name": theme.name}),
            "merge_form": MergeForm(theme=theme),
        },
    )


@require_POST
def theme_rename(request, slug):
    theme = _theme(request, slug)
    form = RenameForm(request.POST, theme=theme)
    if form.is_valid():
        theme.name, theme.slug = form.cleaned_data["name"], form.slug
        try:
            with transaction.atomic():
                theme.save(update_fields=["name", "slug"])
        except IntegrityError:
            form.add_error("name", "That name was just taken. Please try another.")
        else:
            messages.success(request, f"The theme is now called “{theme.name}”.")
            return redirect("journal:theme_detail", slug=theme.slug)
    theme.refresh_from_db()
    entries = Entry.objects.for_owner(request.user)
    return render(
        request,
        "journal/themes/theme_detail.html",
        {
            "theme": theme,
            "entries": patterns.theme_entries(entries, theme),
            "together": patterns.co_occurrence(entries, theme=theme, limit=8),
            "rename_form": form,
            "merge_form": MergeForm(theme=theme),
        },  # fmt: skip
        status=200,
    )


@require_POST
def theme_merge(request, slug):
    theme = _theme(request, slug)
    form = MergeForm(request.POST, theme=theme)
    if not form.is_valid():
        messages.error(request, "Choose one of your other themes to merge into.")
        return redirect("journal:theme_detail", slug=theme.slug)
    target = form.cleaned_data["into"]
    with transaction.atomic():
        Through = Entry.themes.through
        already = Through.objects.filter(theme=target).values("entry_id")
        Through.objects.filter(theme=theme).exclude(entry_id__in=already).update(theme=target)
        theme.delete()
    messages.success(request, f"“{theme.name}” is merged into “{target.name}”.")
    return redirect("journal:theme_detail", slug=target.slug)


@require_http_methods(["GET", "POST"])
def theme_delete(request, slug):
    theme = _theme(request, slug)
    if request.method == "POST":
        theme.delete()
        messages.success(request, f"The theme “{theme.name}” is deleted. Your entries are kept.")
        return redirect("journal:theme_list")
    count = Entry.objects.for_owner(request.user).filter(themes=theme).count()
    return render(
        request, "journal/themes/theme_confirm_delete.html", {"theme": theme, "count": count}
    )


@require_POST
def theme_starters(request):
    chosen = [name for name in request.POST.getlist("starter") if name in patterns.STARTERS]
    if chosen:
        Theme.objects.get_or_create_named(request.user, chosen)
        messages.success(request, f"Added {len(chosen)} themes. Use them whenever they fit.")
    return redirect("journal:theme_list")
