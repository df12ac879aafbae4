"""Search through the owner's entries. An owner-only view."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from journal.forms.entries import SearchForm
from journal.models import with_theme_tags
from journal.search import search as search_entries
from journal.views.common import SEARCH_LIMIT, owner_entries

# Sessions per timeline page: each page loads its sessions' entries and the entries between them.
TIMELINE_SESSIONS = 4
TIMELINE_BETWEEN = 15


@require_GET
def search(request):
    form = SearchForm(request.GET or None, owner=request.user)
    results = None
    if request.GET and form.is_valid():
        entries = owner_entries(request.user)
        data = form.cleaned_data
        if data["theme"]:
            entries = entries.filter(themes=data["theme"])
        if data["phase"]:
            entries = entries.filter(phase=data["phase"])
        if data["session"]:
            entries = entries.filter(session=data["session"])
        if data["start"]:
            entries = entries.filter(happened_at__date__gte=data["start"])
        if data["end"]:
            entries = entries.filter(happened_at__date__lte=data["end"])
        narrowed = any(data[name] for name in ("theme", "phase", "session", "start", "end"))
        results = search_entries(
            entries, data["q"], limit=SEARCH_LIMIT, journal_of=None if narrowed else request.user
        )
        with_theme_tags(hit.entry for hit in results.hits)
    return render(request, "journal/search.html", {"form": form, "results": results})
