"""Entries: list, page, the editor (new, edit, preview, conflicts) and delete. Owner-only views."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integration_journal.keyset import keyset_page
from integration_journal.markdown import render_markdown
from journal import phases, prompts
from journal.forms.attachments import DRAW_COLOURS, AttachmentForm
from journal.forms.entries import EntryForm
from journal.models import Entry, Theme, TreatmentSession, with_theme_tags
from journal.views.common import PAGE_SIZE, draft_key, owner_cards

# The theme field's suggestions: a person's most used themes (a long treatment has hundreds).
THEME_OPTIONS = 100


@require_GET
def entry_list(request):
    # Keyset pages (integration_journal/keyset.py): the oldest page costs what the newest does.
    page = keyset_page(
        owner_cards(request.user), request.GET, size=PAGE_SIZE, time_field="happened_at"
    )
    context = {"page": page, "entries": with_theme_tags(page.object_list)}
    return render(request, "journal/entry_list.html", context)


@require_GET
def entry_detail(request, pk):
    entry = get_object_or_404(_for_page(Entry.objects.for_owner(request.user)), pk=pk)
    return entry_page(request, entry, loaded=True)


def _for_page(entries):
    return entries.select_related("session").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name")), "intentions", "attachments"
    )


def entry_page(request, entry: Entry, *, status=200, loaded=False, **forms) -> HttpResponse:
    """The entry's page; an attachment form that was refused is shown again with its message."""
    if not loaded:
        entry = _for_page(Entry.objects.all()).get(pk=entry.pk)
    context = {
        "entry": entry,
        "saved_draft_key": _saved_draft_key(request, entry),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "describe_form": forms.get("describe_form"),
        "describing": forms.get("describing"),
        "draw_colours": DRAW_COLOURS,
        "attachments_full": len(entry.attachments.all()) >= settings.ATTACHMENTS_PER_ENTRY,
        "attachment_limits": {
            "file_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
            "per_entry": settings.ATTACHMENTS_PER_ENTRY,
        },
    }
    return render(request, "journal/entry_detail.html", context, status=status)


def _saved_draft_key(request, entry: Entry) -> str:
    """After a confirmed save, the draft key the browser may now forget."""
    saved = request.GET.get("saved")
    if saved == "new":
        return draft_key(None)
    return draft_key(entry) if saved == "edit" else ""


def _prompt_context(request, phase: str) -> dict:
    try:
        index = int(request.GET.get("prompt", 0))
    except ValueError:
        index = 0
    prompt, next_index = prompts.prompt_for(phase, index)
    return {"prompt": prompt, "next_prompt": next_index, "all_prompts": prompts.PROMPTS}


def _editor(
    request, form, entry=None, *, conflict=None, preview=None, trashed=False, suggested=False
):
    phase = form["phase"].value() or Entry.Phase.FREE
    return render(
        request,
        "journal/entry_form.html",
        {
            "form": form,
            "entry": entry,
            "conflict": conflict,
            "trashed": trashed,
            "preview": preview,
            "draft_key": draft_key(entry),
            "theme_options": _theme_options(request.user),
            # The phase was only suggested (static/js/phase.js may follow the date and session
            # until the person picks one), with what the suggestion is computed from.
            "phase_suggested": suggested,
            "session_phases": phases.session_boundaries(form.session_options)
            if suggested
            else None,
            **_prompt_context(request, phase),
        },
    )


def _theme_options(owner) -> list[str]:
    """The names the theme field suggests: the owner's most used themes (ThemeCount), then by
    name. Any other name typed is matched to its theme all the same (by slug)."""
    themes = Theme.objects.for_owner(owner).order_by(
        F("count_row__entries").desc(nulls_last=True), "name"
    )
    return list(themes.values_list("name", flat=True)[:THEME_OPTIONS])


def _apply(form: EntryForm, entry: Entry) -> None:
    entry.emotions = form.emotion_list()
    entry.body_html = render_markdown(entry.body)
    entry.updated = timezone.now()


@require_http_methods(["GET", "POST"])
def entry_create(request):
    initial = {}
    suggested = False
    if request.method == "GET":
        session_id = request.GET.get("session")
        if session_id:
            initial["session"] = (
                TreatmentSession.objects.for_owner(request.user).filter(pk=session_id).first()
                if _is_uuid(session_id)
                else None
            )
        initial["happened_at"] = timezone.now()
        if request.GET.get("phase") in Entry.Phase.values:
            # An explicit choice (a link such as "Prepare for it"): never replaced.
            initial["phase"] = request.GET["phase"]
        else:
            suggested = True
            if initial.get("session"):
                initial["phase"] = phases.suggest_phase(
                    initial["happened_at"], initial["session"].date
                )
        initial["client_key"] = uuid.uuid4()
    form = EntryForm(request.POST or None, owner=request.user, initial=initial)
    if request.method == "POST" and "preview" in request.POST:
        form.is_valid()
        return _editor(request, form, preview=render_markdown(request.POST.get("body", "")))
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data.get("client_key")
        if key and (saved := _saved_before(request, key)):
            return saved
        try:
            with transaction.atomic():
                entry = form.save(commit=False)
                entry.owner = request.user
                entry.client_key = key
                _apply(form, entry)
                entry.save()
                form.save_m2m()
                entry.themes.set(form.themes())
        except IntegrityError:
            # The same form sent twice at once: the other request saved it.
            if key and (saved := _saved_before(request, key)):
                return saved
            raise
        messages.success(request, _("Your entry is saved."))
        return redirect(f"{entry_url(entry)}?saved=new")
    return _editor(request, form, suggested=suggested)


def _saved_before(request, key) -> HttpResponse | None:
    """The entry this form already saved (sent twice: a double click, or written offline and
    sent again), or None. Nothing is saved a second time."""
    entry = Entry.objects.filter(owner=request.user, client_key=key).only("deleted_at").first()
    if entry is None:
        return None
    messages.success(request, _("Your entry is saved."))
    if entry.deleted_at is not None:
        return redirect("journal:entry_list")
    return redirect(f"{entry_url(entry)}?saved=new")


def entry_url(entry: Entry) -> str:
    return reverse("journal:entry_detail", args=[entry.pk])


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@require_http_methods(["GET", "POST"])
def entry_edit(request, pk):
    entry = get_object_or_404(Entry.objects.filter(owner=request.user), pk=pk)
    if entry.deleted_at is not None:
        if request.method != "POST":
            raise Http404
        # Moved to the trash in another window while this one was writing: save nothing, and
        # give the text back with a way to restore the entry.
        form = EntryForm(request.POST, instance=entry, owner=request.user)
        form.is_valid()
        return _editor(request, form, entry, trashed=True)
    form = EntryForm(request.POST or None, instance=entry, owner=request.user)
    if request.method == "POST" and "preview" in request.POST:
        form.is_valid()
        return _editor(request, form, entry, preview=render_markdown(request.POST.get("body", "")))
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("version") or 0
        with transaction.atomic():
            current = Entry.objects.select_for_update().get(pk=entry.pk)
            if current.version != expected:
                # Someone (another tab) saved first. Keep both texts: theirs is shown beside
                # the form, ours stays in it; saving again now replaces theirs deliberately.
                form.data = form.data.copy()
                form.data["version"] = current.version
                return _editor(request, form, current, conflict=current)
            updated = form.save(commit=False)
            _apply(form, updated)
            updated.version = F("version") + 1
            updated.save()
            form.save_m2m()
            updated.themes.set(form.themes())
        messages.success(request, _("Your changes are saved."))
        return redirect(f"{entry_url(entry)}?saved=edit")
    return _editor(request, form, entry)


@require_POST
def entry_preview(request):
    """The Markdown preview, rendered by the same code that renders at save."""
    body = request.POST.get("body", "")[: EntryForm.base_fields["body"].max_length]
    html = render_to_string(
        "journal/_preview.html", {"preview": render_markdown(body)}, request=request
    )
    return HttpResponse(html)


@require_http_methods(["GET", "POST"])
def entry_delete(request, pk):
    entry = get_object_or_404(Entry.objects.for_owner(request.user), pk=pk)
    if request.method == "POST":
        Entry.objects.filter(pk=entry.pk).update(deleted_at=timezone.now())
        messages.success(
            request, _("The entry is in the trash. You can restore it there for 30 days.")
        )
        return redirect("journal:entry_list")
    return render(request, "journal/entry_confirm_delete.html", {"entry": entry})
