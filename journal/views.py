"""Journal: treatment sessions, entries, the timeline and search. Owner-only views."""

from __future__ import annotations

import uuid
from itertools import groupby
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integration_journal.markdown import render_markdown
from journal import prompts
from journal.forms import EntryForm, SearchForm, SessionForm, StretchForm
from journal.models import Entry, Theme, TreatmentSession, with_theme_tags
from journal.search import search as search_entries

PAGE_SIZE = 20
SEARCH_LIMIT = 50


def _entries(user):
    """The owner's entries with their session joined."""
    return Entry.objects.for_owner(user).select_related("session")


def _cards(user):
    """The owner's entries, loaded for entry cards only."""
    return Entry.objects.for_owner(user).for_cards()


def _draft_key(entry: Entry | None) -> str:
    return f"entry:{entry.pk}" if entry else "entry:new"


# --- sessions -------------------------------------------------------------------------------


@require_GET
def session_list(request):
    sessions = (
        TreatmentSession.objects.for_owner(request.user)
        .annotate(entry_count=Count("entries", filter=Q(entries__deleted_at__isnull=True)))
        .order_by("-date")
    )
    return render(request, "journal/session_list.html", {"sessions": sessions})


@require_GET
def session_detail(request, pk):
    session = get_object_or_404(
        TreatmentSession.objects.for_owner(request.user).prefetch_related("intentions"), pk=pk
    )
    entries = _cards(request.user).filter(session=session).order_by("created")
    order = {phase: i for i, phase in enumerate(Entry.Phase.values)}
    grouped = [
        (Entry.Phase(phase).label, list(items))
        for phase, items in groupby(
            sorted(with_theme_tags(entries), key=lambda e: order[e.phase]), lambda e: e.phase
        )
    ]
    return render(request, "journal/session_detail.html", {"session": session, "phases": grouped})


@require_http_methods(["GET", "POST"])
def session_create(request):
    form = SessionForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.owner = request.user
        session.save()
        form.save_m2m()
        messages.success(request, f"Session {session.number} is saved.")
        return redirect("journal:session_detail", pk=session.pk)
    return render(request, "journal/session_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_object_or_404(TreatmentSession.objects.for_owner(request.user), pk=pk)
    form = SessionForm(request.POST or None, instance=session, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your changes are saved.")
        return redirect("journal:session_detail", pk=session.pk)
    return render(request, "journal/session_form.html", {"form": form, "session": session})


def _deleted_with(session: TreatmentSession) -> dict:
    """What deleting a session deletes with it (care.models cascades from the session): the
    support person's notes and invitations, and the sharing with the care team. Entries stay."""
    invites = (
        session.support_invites.filter(withdrawn_at__isnull=True)
        .select_related("support_person")
        .order_by("created")
    )
    notes = session.support_invites.note_counts()
    gone = {
        "notes": notes["count"],
        "kept_notes": notes["kept"],
        "invites": list(invites),
        "shares": list(
            session.shares.filter(revoked_at__isnull=True)
            .select_related("recipient")
            .order_by("created")
        ),
    }
    counts = [gone["notes"], len(gone["invites"]), len(gone["shares"])]
    # Posted back by the confirm page: deleting goes ahead only if nothing more would go now.
    gone["shown"] = "-".join(str(n) for n in counts) if any(counts) else ""
    return gone


@require_http_methods(["GET", "POST"])
def session_delete(request, pk):
    session = get_object_or_404(TreatmentSession.objects.for_owner(request.user), pk=pk)
    gone = _deleted_with(session)
    changed = request.method == "POST" and request.POST.get("shown", "") != gone["shown"]
    if request.method == "POST" and not changed:
        session.delete()
        messages.success(
            request,
            "The session is deleted"
            + (", with what was tied to it" if gone["shown"] else "")
            + ". Its entries are kept, no longer linked to it.",
        )
        return redirect("journal:session_list")
    entries = Entry.objects.for_owner(request.user).filter(session=session).count()
    return render(
        request,
        "journal/session_confirm_delete.html",
        {"session": session, "gone": gone, "changed": changed, "entry_count": entries},
    )


# --- entries --------------------------------------------------------------------------------


@require_GET
def entry_list(request):
    entries = _cards(request.user).order_by("-created")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "entries": with_theme_tags(page.object_list)}
    return render(request, "journal/entry_list.html", context)


@require_GET
def entry_detail(request, pk):
    entry = get_object_or_404(
        Entry.objects.for_owner(request.user)
        .select_related("session")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")), "intentions"
        ),
        pk=pk,
    )
    return render(
        request,
        "journal/entry_detail.html",
        {"entry": entry, "saved_draft_key": _saved_draft_key(request, entry)},
    )


def _saved_draft_key(request, entry: Entry) -> str:
    """After a confirmed save, the draft key the browser may now forget."""
    saved = request.GET.get("saved")
    if saved == "new":
        return _draft_key(None)
    return _draft_key(entry) if saved == "edit" else ""


def _prompt_context(request, phase: str) -> dict:
    try:
        index = int(request.GET.get("prompt", 0))
    except ValueError:
        index = 0
    prompt, next_index = prompts.prompt_for(phase, index)
    return {"prompt": prompt, "next_prompt": next_index, "all_prompts": prompts.PROMPTS}


def _editor(request, form, entry=None, *, conflict=None, preview=None, trashed=False):
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
            "draft_key": _draft_key(entry),
            "theme_options": Theme.objects.for_owner(request.user).values_list("name", flat=True),
            **_prompt_context(request, phase),
        },
    )


def _apply(form: EntryForm, entry: Entry) -> None:
    entry.emotions = form.emotion_list()
    entry.body_html = render_markdown(entry.body)
    entry.updated = timezone.now()


@require_http_methods(["GET", "POST"])
def entry_create(request):
    initial = {}
    if request.method == "GET":
        session_id = request.GET.get("session")
        if session_id:
            initial["session"] = (
                TreatmentSession.objects.for_owner(request.user).filter(pk=session_id).first()
                if _is_uuid(session_id)
                else None
            )
        if request.GET.get("phase") in Entry.Phase.values:
            initial["phase"] = request.GET["phase"]
    form = EntryForm(request.POST or None, owner=request.user, initial=initial)
    if request.method == "POST" and "preview" in request.POST:
        form.is_valid()
        return _editor(request, form, preview=render_markdown(request.POST.get("body", "")))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            entry = form.save(commit=False)
            entry.owner = request.user
            _apply(form, entry)
            entry.save()
            form.save_m2m()
            entry.themes.set(form.themes())
        messages.success(request, "Your entry is saved.")
        return redirect(f"{entry_url(entry)}?saved=new")
    return _editor(request, form)


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
        messages.success(request, "Your changes are saved.")
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
            request, "The entry is in the trash. You can restore it there for 30 days."
        )
        return redirect("journal:entry_list")
    return render(request, "journal/entry_confirm_delete.html", {"entry": entry})


# --- timeline and search ------------------------------------------------------------------------


# Sessions per timeline page: each page loads its sessions' entries and the entries between them.
TIMELINE_SESSIONS = 4
TIMELINE_BETWEEN = 15


@require_GET
def timeline(request):
    """Sessions in order with their entries grouped by phase, and the entries between them.

    Paged by sessions (newest first). A page holds its sessions, their entries, and the entries
    written without a session in the stretch of time those sessions cover.
    """
    all_sessions = TreatmentSession.objects.for_owner(request.user).order_by("-date", "-number")
    page = Paginator(all_sessions, TIMELINE_SESSIONS).get_page(request.GET.get("page"))
    sessions = list(reversed(page.object_list))  # oldest first, for the merge below
    loose = _cards(request.user).filter(session__isnull=True)
    if page.has_next() and sessions:
        loose = loose.filter(created__gte=sessions[0].date)
    if page.has_previous():
        newer = all_sessions[page.start_index() - 2]  # the oldest session of the newer page
        loose = loose.filter(created__lt=newer.date)
    entries = (
        _cards(request.user).filter(Q(session__in=sessions) | Q(pk__in=loose.values("pk")))
        if sessions
        else loose
    )
    by_session: dict = {}
    between: list[Entry] = []
    for entry in with_theme_tags(entries.order_by("created")):
        (by_session.setdefault(entry.session_id, []) if entry.session_id else between).append(entry)
    order = {phase: i for i, phase in enumerate(Entry.Phase.values)}
    blocks = []
    loose_iter = iter(between)
    pending = next(loose_iter, None)
    after = None  # where the current stretch starts: the session before it (none before the first)
    for session in sessions:
        before = []
        while pending is not None and pending.created < session.date:
            before.append(pending)
            pending = next(loose_iter, None)
        if before:
            blocks.append({"kind": "between", "entries": before, "after": after})
        items = sorted(by_session.get(session.pk, []), key=lambda e: (order[e.phase], e.created))
        phases = [
            (Entry.Phase(phase).label, list(group))
            for phase, group in groupby(items, key=lambda e: e.phase)
        ]
        blocks.append({"kind": "session", "session": session, "phases": phases})
        after = session.date
    rest = ([pending] if pending else []) + list(loose_iter)
    if rest:
        blocks.append({"kind": "between", "entries": rest, "after": after})
    blocks.reverse()  # newest first
    for block in blocks:
        # A long stretch without sessions shows its latest entries and links to the rest: the
        # entries of the stretch written before the first one shown, which is exactly what the
        # linked page lists (timeline_between, with the same bounds).
        if block["kind"] == "between" and len(block["entries"]) > TIMELINE_BETWEEN:
            cutoff = block["entries"][-TIMELINE_BETWEEN].created
            earlier = [e for e in block["entries"] if e.created < cutoff]
            if earlier:
                block["entries"] = block["entries"][len(earlier) :]
                block["earlier"] = {
                    "count": len(earlier),
                    "url": _stretch_url(block["after"], cutoff),
                }
    return render(request, "journal/timeline.html", {"blocks": blocks, "page": page})


def _stretch_query(after, before) -> str:
    bounds = {"after": after, "before": before}
    return urlencode({name: value.isoformat() for name, value in bounds.items() if value})


def _stretch_url(after, before) -> str:
    return f"{reverse('journal:timeline_between')}?{_stretch_query(after, before)}"


@require_GET
def timeline_between(request):
    """The entries written outside any session in a stretch of time, newest first: where a long
    stretch on the timeline links for its earlier entries."""
    form = StretchForm(request.GET)
    if not form.is_valid():
        raise Http404("Not a stretch of time.")
    after, before = form.cleaned_data["after"], form.cleaned_data["before"]
    entries = _cards(request.user).filter(session__isnull=True)
    if after:
        entries = entries.filter(created__gte=after)
    if before:
        entries = entries.filter(created__lt=before)
    page = Paginator(entries.order_by("-created", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = _stretch_query(after, before)
    page_query = f"{query}&" if query else ""  # keeps the bounds on the page links
    context = {
        "page": page,
        "entries": with_theme_tags(page.object_list),
        "after": after,
        "before": before,
        "page_query": page_query,
    }
    return render(request, "journal/timeline_between.html", context)


@require_GET
def search(request):
    form = SearchForm(request.GET or None, owner=request.user)
    hits = None
    if request.GET and form.is_valid():
        entries = _entries(request.user)
        data = form.cleaned_data
        if data["theme"]:
            entries = entries.filter(themes=data["theme"])
        if data["phase"]:
            entries = entries.filter(phase=data["phase"])
        if data["session"]:
            entries = entries.filter(session=data["session"])
        if data["start"]:
            entries = entries.filter(created__date__gte=data["start"])
        if data["end"]:
            entries = entries.filter(created__date__lte=data["end"])
        hits = search_entries(entries, data["q"], limit=SEARCH_LIMIT)
        with_theme_tags(hit.entry for hit in hits)
    return render(
        request,
        "journal/search.html",
        {"form": form, "hits": hits, "search_limit": SEARCH_LIMIT},
    )
