"""A therapist's search across the entries their patients shared with them.

Only what care.access gives a therapist: entries shared with them and not revoked, outside the
trash, of patients who have them on a care team now (`access.entries_shared_with`), all their
patients' or one's (`?patient=`, which must be one of them, else 404). The full-text index does
the work on both databases (journal.search.search_shared). Every result shown reveals part of an
entry, so each is written to its patient's access log ("Searched your shared entries"), in one
INSERT for the page.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from care import access
from care.models import AccessEvent
from journal.search import search_shared

# Results to a page, and pages at most: the closest matches, as the patient's own search shows.
PAGE_SIZE = 20
MAX_PAGES = 5


class SharedSearchForm(forms.Form):
    q = forms.CharField(label=_("Search shared entries"), required=False, max_length=200)
    patient = forms.ChoiceField(label=_("Patient"), required=False)

    def __init__(self, *args, patients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["patient"].choices = [
            ("", _("All patients")),
            *((str(person.pk), str(person)) for person in patients),
        ]


def _page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGES)


def _chosen_patient(patients: dict, value: str):
    """The patient `?patient=` names, among the viewer's; 404 for anyone else."""
    if not value:
        return None
    try:
        key = uuid.UUID(value)
    except ValueError:
        raise Http404 from None
    if key not in patients:
        raise Http404
    return patients[key]


@require_GET
@access.staff_mfa_required
def shared_search(request):
    me = request.user
    if not access.is_therapist(me):
        raise Http404
    patients = {person.pk: person for person in access.patients_for(me).order_by("display_name")}
    patient = _chosen_patient(patients, request.GET.get("patient", ""))
    form = SharedSearchForm(request.GET or None, patients=patients.values())
    query = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    page_number = _page_number(request.GET.get("page"))
    results = None
    if query:
        owners = [patient.pk] if patient else list(patients)
        results = search_shared(
            access.entries_shared_with(me, patient),
            query,
            owners=owners,
            limit=PAGE_SIZE,
            offset=(page_number - 1) * PAGE_SIZE,
        )
        for hit in results.hits:
            hit.patient = patients[hit.entry.owner_key]
        access.record_accesses(
            actor=me,
            action=AccessEvent.Action.SEARCH,
            events=[(hit.patient, hit.entry) for hit in results.hits],
        )
    context = {"form": form, "patient": patient, "query": query, "results": results}
    if results is not None:
        pages = min(MAX_PAGES, -(-results.total // PAGE_SIZE))
        context.update(
            page_number=page_number,
            first_shown=(page_number - 1) * PAGE_SIZE + 1,
            previous_page=page_number - 1 if page_number > 1 else None,
            next_page=page_number + 1 if page_number < pages else None,
            page_query=form_query(query, patient),
            capped=results.total > MAX_PAGES * PAGE_SIZE,
            shown_at_most=MAX_PAGES * PAGE_SIZE,
        )
    return render(request, "care/search.html", context)


def form_query(query: str, patient) -> str:
    """The query string of this search, for the page links (ending in "&")."""
    params = {"q": query}
    if patient is not None:
        params["patient"] = str(patient.pk)
    return urlencode(params) + "&"
