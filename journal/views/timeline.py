"""The timeline: sessions with the entries around them, and the stretches between sessions.
Owner-only views."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Value, When, Window
from django.db.models.functions import Rank, RowNumber
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from integration_journal.keyset import keyset_page
from journal.forms.entries import StretchForm
from journal.models import Entry, TreatmentSession, with_theme_tags
from journal.views.common import PAGE_SIZE, owner_cards

# Sessions per timeline page, and what a page shows of each: the first few entries of each of a
# session's phases (its own page lists them all) and the latest entries of each stretch between
# sessions (a link lists the stretch's earlier ones). A page's cost stays the same however much
# was written about a session or in a stretch.
TIMELINE_SESSIONS = 4
TIMELINE_PHASE = 2
TIMELINE_BETWEEN = 6


@require_GET
def timeline(request):
    """Sessions in order with their entries grouped by phase, and the entries between them.

    Paged by sessions (newest first). A page holds its sessions, their entries, and the entries
    written without a session in the stretch of time those sessions cover.
    """
    all_sessions = TreatmentSession.objects.for_owner(request.user).order_by("-date", "-number")
    page = Paginator(all_sessions, TIMELINE_SESSIONS).get_page(request.GET.get("page"))
    sessions = list(reversed(page.object_list))  # oldest first, as the stretches are numbered
    # The stretches of this page: before its first session (only on the last page: on the others
    # that stretch is the next page's), between its sessions, and after its last one up to the
    # newer page's first session.
    start = sessions[0].date if page.has_next() and sessions else None
    end = all_sessions[page.start_index() - 2].date if page.has_previous() else None
    phases = _session_phases(request.user, sessions)
    stretches = _stretches(request.user, [session.date for session in sessions], start, end)
    with_theme_tags(
        [entry for groups in phases.values() for _label, entries in groups for entry in entries]
        + [entry for entries, _count in stretches for entry in entries]
    )
    blocks = []
    after = None  # where the current stretch starts: the session before it (none before the first)
    for index, (entries, count) in enumerate(stretches):
        if entries:
            block = {"kind": "between", "entries": entries, "after": after}
            if count > len(entries):
                # The stretch's latest entries are shown; the link lists exactly the others: the
                # entries of the stretch written before the oldest shown (timeline_between).
                cutoff = entries[0].happened_at
                block["earlier"] = {
                    "count": count - len(entries),
                    "url": _stretch_url(after, cutoff),
                }
            blocks.append(block)
        if index < len(sessions):
            session = sessions[index]
            groups = phases.get(session.pk, [])
            shown = sum(len(entries) for _label, entries in groups)
            total = sum(entries[0].in_phase for _label, entries in groups)
            blocks.append(
                {"kind": "session", "session": session, "phases": groups, "more": total - shown}
            )
            after = session.date
    blocks.reverse()  # newest first
    return render(request, "journal/timeline.html", {"blocks": blocks, "page": page})


def _session_phases(owner, sessions) -> dict:
    """Each session's id → its phases in order, each as (label, the phase's first entries); every
    entry carries `in_phase`, how many entries the phase has in all."""
    if not sessions:
        return {}
    group = [F("session_id"), F("phase")]
    entries = (
        owner_cards(owner)
        .filter(session__in=sessions)
        .annotate(
            place=Window(RowNumber(), partition_by=group, order_by=[F("happened_at"), F("pk")]),
            in_phase=Window(Count("pk"), partition_by=group),
        )
        .filter(place__lte=TIMELINE_PHASE)
        .order_by("happened_at", "pk")
    )
    order = {phase: i for i, phase in enumerate(Entry.Phase.values)}
    by_session: dict = {}
    for entry in entries:
        by_session.setdefault(entry.session_id, {}).setdefault(entry.phase, []).append(entry)
    return {
        pk: [
            (Entry.Phase(phase).label, groups[phase])
            for phase in sorted(groups, key=lambda phase: order[phase])
        ]
        for pk, groups in by_session.items()
    }


def _stretches(owner, dates, start, end) -> list[tuple[list[Entry], int]]:
    """The stretches around sessions at `dates` (oldest first), within [start, end): for each,
    its latest entries written outside any session (oldest first) and how many it has in all.
    Entries written at the same moment are shown together or not at all."""
    loose = owner_cards(owner).filter(session__isnull=True)
    if start:
        loose = loose.filter(happened_at__gte=start)
    if end:
        loose = loose.filter(happened_at__lt=end)
    # A stretch's number: how many of the page's sessions started before the entry happened.
    stretch = (
        Case(
            *(When(happened_at__lt=date, then=Value(i)) for i, date in enumerate(dates)),
            default=Value(len(dates)),
        )
        if dates
        else None
    )
    group = [stretch] if stretch is not None else None
    loose = (
        loose.annotate(
            stretch=stretch if stretch is not None else Value(0),
            place=Window(Rank(), partition_by=group, order_by=F("happened_at").desc()),
            in_stretch=Window(Count("pk"), partition_by=group),
        )
        .filter(place__lte=TIMELINE_BETWEEN)
        .order_by("happened_at", "pk")
    )
    stretches: list[tuple[list[Entry], int]] = [([], 0) for _ in range(len(dates) + 1)]
    for entry in loose:
        entries, _count = stretches[entry.stretch]
        entries.append(entry)
        stretches[entry.stretch] = (entries, entry.in_stretch)
    return stretches


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
