"""Treatment sessions: list, page, log, edit and delete. Owner-only views."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from journal.forms.entries import SessionForm
from journal.models import Entry, TreatmentSession, with_theme_tags
from journal.views.common import PAGE_SIZE, owner_cards


@require_GET
def session_list(request):
    # The entry count is a subquery per row, so only the sessions on the page are counted.
    entries = (
        Entry.objects.filter(session=OuterRef("pk"), deleted_at__isnull=True)
        .order_by()
        .values("session")
        .annotate(count=Count("pk"))
        .values("count")
    )
    sessions = (
        TreatmentSession.objects.for_owner(request.user)
        .annotate(entry_count=Coalesce(Subquery(entries, output_field=IntegerField()), 0))
        .order_by("-date", "-number", "pk")
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journal/session_list.html", {"sessions": page, "page": page})


@require_GET
def session_detail(request, pk):
    session = get_object_or_404(
        TreatmentSession.objects.for_owner(request.user).prefetch_related("intentions"), pk=pk
    )
    entries = owner_cards(request.user).filter(session=session).order_by("happened_at", "pk")
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
        messages.success(request, _("Session %(number)s is saved.") % {"number": session.number})
        return redirect("journal:session_detail", pk=session.pk)
    return render(request, "journal/session_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_object_or_404(TreatmentSession.objects.for_owner(request.user), pk=pk)
    form = SessionForm(request.POST or None, instance=session, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes are saved."))
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
            _(
                "The session is deleted, with what was tied to it. Its entries are kept, no "
                "longer linked to it."
            )
            if gone["shown"]
            else _("The session is deleted. Its entries are kept, no longer linked to it."),
        )
        return redirect("journal:session_list")
    entries = Entry.objects.for_owner(request.user).filter(session=session).count()
    return render(
        request,
        "journal/session_confirm_delete.html",
        {"session": session, "gone": gone, "changed": changed, "entry_count": entries},
    )
