"""The timeline: sessions with the entries around them, and the stretches between sessions.
Owner-only views."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from integration_journal.keyset import keyset_page
from journal.forms.entries import StretchForm
from journal.models import Entry, TreatmentSession, with_theme_tags
from journal.views.common import PAGE_SIZE, owner_cards

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
    loose = owner_cards(request.user).filter(session__isnull=True)
    if page.has_next() and sessions:
        loose = loose.filter(happened_at__gte=sessions[0].date)
    if page.has_previous():
        newer = all_sessions[page.start_index() - 2]  # the oldest session of the newer page
        loose = loose.filter(happened_at__lt=newer.date)
    entries = (
        owner_cards(request.user).filter(Q(session__in=sessions) | Q(pk__in=loose.values("pk")))
        if sessions
        else loose
    )
    by_session: dict = {}
    between: list[Entry] = []
    for entry in with_theme_tags(entries.order_by("happened_at", "pk")):
        (by_session.setdefault(entry.session_id, []) if entry.session_id else between).append(entry)
    order = {phase: i for i, phase in enumerate(Entry.Phase.values)}
    blocks = []
    loose_iter = iter(between)
    pending = next(loose_iter, None)
    after = None  # where the current stretch starts: the session before it (none before the first)
    for session in sessions:
        before = []
        while pending is not None and pending.happened_at < session.date:
            before.append(pending)
            pending = next(loose_iter, None)
        if before:
            blocks.append({"kind": "between", "entries": before, "after": after})
        items = sorted(
            by_session.get(session.pk, []), key=lambda e: (order[e.phase], e.happened_at)
        )
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
            cutoff = block["entries"][-TIMELINE_BETWEEN].happened_at
            earlier = [e for e in block["entries"] if e.happened_at < cutoff]
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
    entries = owner_cards(request.user).filter(session__isnull=True)
    if after:
        entries = entries.filter(happened_at__gte=after)
    if before:
        entries = entries.filter(happened_at__lt=before)
    # Keyset pages (integration_journal/keyset.py): a stretch of years costs what a week does.
    # `after` and `before` are the stretch's bounds here, so the cursors are `newer` and `older`.
    page = keyset_page(
        entries, request.GET, size=PAGE_SIZE, time_field="happened_at", names=("newer", "older")
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
