"""Themes: the theme view (patterns across sessions), one theme's entries, and managing themes.

Owner-only: every lookup goes through `for_owner(request.user)`; another person's theme is a 404.
Entries in the trash are left out of every number (`Entry.objects.for_owner` excludes them).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal import themes as patterns
from journal.forms.themes import MergeForm, StartersForm, ThemeForm
from journal.models import Entry, Theme, with_theme_tags

DETAIL_PAGE_SIZE = 25


def _theme(request: HttpRequest, slug: str) -> Theme:
    return get_object_or_404(Theme.objects.for_owner(request.user), slug=slug)


def _list_page(request: HttpRequest, *, starters_form: StartersForm | None = None) -> HttpResponse:
    entries = Entry.objects.for_owner(request.user)
    theme_count = Theme.objects.for_owner(request.user).count()
    # A long list of themes opens on the most frequent; "Show all" lists every one, with the
    # themes on no entry yet.
    show_all = theme_count <= patterns.LIST_THEMES or request.GET.get("themes") == "all"
    if show_all:
        summary = patterns.owner_summary(request.user)
        used_count = len(summary)
    else:
        summary = patterns.owner_summary(request.user, limit=patterns.LIST_THEMES)
        used_count = patterns.owner_theme_count(request.user)
    unused = []
    if show_all:
        used = {stat.id for stat in summary}
        unused = [
            patterns.ThemeStat(t.pk, t.name, t.slug, t.colour, 0, None, None)
            for t in Theme.objects.for_owner(request.user).order_by("name")
            if t.pk not in used
        ]
    offer_starters = not theme_count or starters_form is not None
    return render(
        request,
        "journal/themes/theme_list.html",
        {
            "summary": summary,
            "unused": unused,
            "theme_count": theme_count,
            "showing_all": show_all,
            "list_themes": patterns.LIST_THEMES,
            "grid": patterns.recurrence_grid(
                entries,
                summary=summary,
                sessions_shown=patterns.GRID_SESSIONS,
                page=request.GET.get("sessions"),
                owner=request.user,
                whole_journal=True,
                theme_count=used_count,
            ),
            "pairs": patterns.owner_pairs(request.user),
            "starters_form": (starters_form or StartersForm()) if offer_starters else None,
            "theme_links": True,
        },
    )


@require_GET
def theme_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


def _detail_page(
    request: HttpRequest,
    theme: Theme,
    *,
    rename_form: ThemeForm | None = None,
    merge_form: MergeForm | None = None,
) -> HttpResponse:
    entries = Entry.objects.for_owner(request.user)
    listed = patterns.theme_entries(entries, theme).only(*Entry.CARD_FIELDS)
    stat = patterns.owner_stat(theme)
    merge_form = merge_form or MergeForm(theme=theme)
    paginator = Paginator(listed, DETAIL_PAGE_SIZE)
    paginator.count = stat.count  # the kept count is how many entries carry the theme
    page = paginator.get_page(request.GET.get("page"))
    if rename_form is None:
        rename_form = ThemeForm(
            owner=request.user, theme=theme, initial={"name": theme.name, "colour": theme.colour}
        )
    return render(
        request,
        "journal/themes/theme_detail.html",
        {
            "theme": theme,
            "colour_class": patterns.colour_class(theme.colour),
            "stat": stat,
            "page": page,
            "entries": with_theme_tags(page.object_list),
            "together": patterns.owner_pairs(request.user, theme=theme, limit=10),
            "rename_form": rename_form,
            "merge_form": merge_form,
            # Asked apart: the form's list of themes is read once, as the page shows it.
            "can_merge": merge_form.fields["into"].queryset.exists(),
            "theme_links": True,
        },
    )


@require_GET
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail_page(request, _theme(request, slug))


@require_http_methods(["GET", "POST"])
def theme_create(request: HttpRequest) -> HttpResponse:
    form = ThemeForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                theme = Theme.objects.create(
                    owner=request.user,
                    name=form.cleaned_data["name"],
                    slug=form.slug,
                    colour=form.cleaned_data["colour"],
                )
        except IntegrityError:
            form.add_error("name", _("You already have a theme with this name."))
        else:
            messages.success(request, _("Added the theme “%(name)s”.") % {"name": theme.name})
            return redirect("journal:theme_list")
    return render(request, "journal/themes/theme_form.html", {"form": form})


@require_POST
def theme_rename(request: HttpRequest, slug: str) -> HttpResponse:
    theme = _theme(request, slug)
    form = ThemeForm(request.POST, owner=request.user, theme=theme)
    if form.is_valid():
        old_name = theme.name
        theme.name, theme.slug = form.cleaned_data["name"], form.slug
        theme.colour = form.cleaned_data["colour"]
        try:
            with transaction.atomic():
                theme.save(update_fields=["name", "slug", "colour"])
        except IntegrityError:
            form.add_error("name", _("That name was just taken. Please try another, or merge."))
        else:
            if old_name != theme.name:
                messages.success(
                    request,
                    _("“%(old)s” is now called “%(new)s”.") % {"old": old_name, "new": theme.name},
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("journal:theme_detail", slug=theme.slug)
        theme.refresh_from_db()
    # On a name clash, the merge form is ready with the other theme chosen.
    merge_form = MergeForm(theme=theme, initial={"into": form.clash.pk} if form.clash else None)
    return _detail_page(request, theme, rename_form=form, merge_form=merge_form)


@require_POST
def theme_merge(request: HttpRequest, slug: str) -> HttpResponse:
    theme = _theme(request, slug)
    form = MergeForm(request.POST, theme=theme)
    if not form.is_valid():
        return _detail_page(request, theme, merge_form=form)
    target = form.cleaned_data["into"]
    patterns.merge_themes(source=theme, target=target)
    messages.success(
        request,
        _("“%(name)s” is merged into “%(target)s”. Its entries are kept there.")
        % {"name": theme.name, "target": target.name},
    )
    return redirect("journal:theme_detail", slug=target.slug)


@require_http_methods(["GET", "POST"])
def theme_delete(request: HttpRequest, slug: str) -> HttpResponse:
    theme = _theme(request, slug)
    if request.method == "POST":
        theme.delete()
        messages.success(
            request,
            _("The theme “%(name)s” is deleted. Your entries are kept.") % {"name": theme.name},
        )
        return redirect("journal:theme_list")
    count = Entry.objects.for_owner(request.user).filter(themes=theme).count()
    return render(
        request,
        "journal/themes/theme_confirm_delete.html",
        {"theme": theme, "count": count},
    )


@require_POST
def theme_starters(request: HttpRequest) -> HttpResponse:
    form = StartersForm(request.POST)
    if not form.is_valid():
        return _list_page(request, starters_form=form)
    added = Theme.objects.get_or_create_named(request.user, form.cleaned_data["starter"])
    messages.success(
        request,
        ngettext(
            "Added %(count)s theme. Use them whenever they fit, and add your own words any time.",
            "Added %(count)s themes. Use them whenever they fit, and add your own words any time.",
            len(added),
        )
        % {"count": len(added)},
    )
    return redirect("journal:theme_list")
