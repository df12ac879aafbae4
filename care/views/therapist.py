"""The therapist's side: dashboard, a patient's shared items, reflections, flags.

Every lookup goes through care.access; anything not visible is a 404. Every read writes an
AccessEvent. Staff without MFA are sent to set it up before any patient data is shown.
"""

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from care import access
from care.forms import FollowUpForm, ReflectionForm
from care.models import AccessEvent, CareTeamMember, FlagFollowUp, Reflection, Share
from integration_journal.keyset import keyset_page
from integration_journal.markdown import render_markdown
from intentions.models import Action as Step
from intentions.models import Review
from journal import themes
from journal.models import Entry, with_theme_tags
from measures.charts import HISTORY_WINDOW_DAYS, questionnaire_chart
from measures.models import Response
from measures.views import change_in_words
from practices.stats import mood_sleep_charts, practice_counts

Action = AccessEvent.Action


@require_GET
def mfa_required(request):
    if not access.needs_mfa(request.user):
        return redirect("care:dashboard")
    return render(request, "care/mfa_required.html")


@require_GET
@access.staff_mfa_required
def dashboard(request):
    me = request.user
    patients = access.patients_with_share_counts(me).order_by(
        F("last_shared").desc(nulls_last=True), "display_name"
    )
    # The people and items of the newest shares are read by their keys once the 40 are chosen:
    # joined in the same query, PostgreSQL would join every share of the therapist's first.
    recent = list(
        access.visible_shares_for(me)
        .prefetch_related("owner", "entry", "intention", "session")
        .order_by("-created")[:40]
    )
    flagged = flag_cards(me, access.flagged_responses_for(me))
    # The page shows these patients' item titles and questionnaire flags: each sees it in their
    # access log, once per visit (patients listed only by name and counts are not logged).
    access.record_list_views(
        actor=me,
        patients=[share.owner for share in recent] + [card.response.owner for card in flagged],
    )
    escalations = list(access.escalations_for(me).order_by("response__created"))
    teams = _care_teams(escalations)
    for escalation in escalations:
        escalation.team = teams.get((escalation.clinic_id, escalation.response.owner_id), [])
    patients = list(patients)
    closing = access.closing_dates(patients)
    for person in patients:
        person.closing_on = closing.get(person.pk)
    return render(
        request,
        "care/dashboard.html",
        {"patients": patients, "recent": recent, "flagged": flagged, "escalations": escalations},
    )


def _care_teams(escalations) -> dict[tuple, list[str]]:
    """The names on the care team of each escalated patient at the clinic it was escalated to,
    by (clinic id, patient id), in one query."""
    members = CareTeamMember.objects.filter(
        link__clinic_id__in={e.clinic_id for e in escalations},
        link__patient_id__in={e.response.owner_id for e in escalations},
    ).select_related("therapist", "link")
    teams = {}
    for member in members:
        key = (member.link.clinic_id, member.link.patient_id)
        teams.setdefault(key, []).append(str(member.therapist))
    return teams


class FlagCard:
    """What a clinician needs to act on a flag: total, band, the item-9 answer in words, the
    date, the change since the patient's previous answer to the same questionnaire (of those
    shared with this clinician) and where the history chart is."""

    def __init__(self, response, previous):
        self.response = response
        self.previous = previous
        self.change = response.total - previous.total if previous else None
        self.change_words = (change_in_words(self.change) or "no change") if previous else ""


def flag_cards(viewer, flagged) -> list[FlagCard]:
    """A card for each of `flagged`, newest first, in two queries however many there are."""
    responses = list(
        access.with_previous_visible_response(viewer, flagged)
        .select_related("owner")
        .order_by("-created")
    )
    previous = Response.objects.in_bulk([r.previous_id for r in responses if r.previous_id])
    return [FlagCard(response, previous.get(response.previous_id)) for response in responses]


# The patient page lists shared entries, most recently shared first, this many to a page.
PATIENT_PAGE_ENTRIES = 20


def _patient_or_404(viewer, patient_id):
    return get_object_or_404(access.patients_for(viewer), pk=patient_id)


def _mark_read(viewer, **item):
    Share.objects.active().filter(recipient=viewer, read_at=None, **item).update(
        read_at=timezone.now()
    )


def _measures_context(viewer, patient, sessions) -> dict:
    """The patient's questionnaires: the same chart the patient sees on their history page,
    marked with the sessions shared with this therapist."""
    if not access.can_see_measures(viewer, patient):
        return {"measures_visible": False}

    visible = access.visible_responses(viewer, patient)
    since = timezone.now() - dt.timedelta(days=HISTORY_WINDOW_DAYS)
    responses = list(visible.filter(created__gte=since).order_by("created"))
    sessions = [s for s in sessions if s.date >= since]  # as the patient's own chart
    charts = []
    for instrument in sorted({r.instrument for r in responses}):
        rows = [r for r in responses if r.instrument == instrument]
        charts.append(questionnaire_chart(rows[0].spec, rows, sessions=sessions))
    return {
        "measures_visible": True,
        "measures_exportable": access.can_export_measures(viewer, patient),
        "responses": list(reversed(responses)),
        "measure_charts": charts,
        "earlier_responses": visible.filter(created__lt=since).exists(),
        "flagged": flag_cards(viewer, access.flagged_responses_for(viewer).filter(owner=patient)),
        "follow_ups": access.follow_ups_of(visible).order_by("-created"),
    }


def _checkins_context(patient, sessions) -> dict:
    """Check-in summary for a patient who opted in: the last 30 days and the mood trend, marked
    with the sessions shared with this therapist."""
    with timezone.override(patient.time_zone or "UTC"):
        today = timezone.localdate()
        mood, sleep = mood_sleep_charts(patient, today=today, sessions=sessions)
        return {
            "practice_counts": practice_counts(patient, today=today),
            "mood_chart": mood,
            "sleep_chart": sleep,
        }


def _shared_entries_page(viewer, person, params):
    """The page of `person`'s entries shared with `viewer` that `params` asks for, most recently
    shared first, by keyset (integration_journal/keyset.py): read from the shares' index, one
    query however many entries were shared. Each entry carries when it was shared and whether
    the viewer has opened it since (`shared_at`, `unread`)."""
    card_fields = [f"entry__{name}" for name in Entry.CARD_FIELDS]
    shares = (
        access.visible_entry_shares(viewer, person)
        .select_related("entry__session")
        .only("created", "read_at", "entry", "entry__session", *card_fields)
    )
    page = keyset_page(shares, params, size=PATIENT_PAGE_ENTRIES, time_field="created")
    for share in page.object_list:
        share.entry.shared_at = share.created
        share.entry.unread = share.read_at is None
    return page


@require_GET
@access.staff_mfa_required
def patient(request, patient_id):
    me = request.user
    person = _patient_or_404(me, patient_id)
    entries_page = _shared_entries_page(me, person, request.GET)
    unread = Share.objects.active().filter(recipient=me, read_at=None)
    intentions = access.visible_intentions(me, person).annotate(
        unread=Exists(unread.filter(intention=OuterRef("pk")))
    )
    sessions = access.visible_sessions(me, person).annotate(
        unread=Exists(unread.filter(session=OuterRef("pk")))
    )
    access.record_access(actor=me, patient=person, action=Action.VIEW_LIST)
    context = {
        "patient": person,
        "entries": with_theme_tags(share.entry for share in entries_page.object_list),
        "entries_page": entries_page,
        "intentions": intentions,
        "sessions": sessions,
        "checkins_visible": access.can_see_checkins(me, person),
        "closing_on": access.closing_on(person),
    }
    context.update(_measures_context(me, person, sessions))
    if context["checkins_visible"]:
        context.update(_checkins_context(person, sessions))
    return render(request, "care/patient.html", context)


@require_GET
@access.staff_mfa_required
def patient_entry(request, patient_id, entry_id):
    me = request.user
    person = _patient_or_404(me, patient_id)
    entry = get_object_or_404(
        access.visible_entries(me, person)
        .select_related("session")
        .prefetch_related("themes", "attachments"),
        pk=entry_id,
    )
    _mark_read(me, entry=entry)
    access.record_access(actor=me, patient=person, action=Action.VIEW, item=entry)
    return _entry_page(request, person, entry, ReflectionForm())


def _entry_page(request, person, entry, form, status=200):
    thread = Reflection.objects.filter(entry=entry, therapist=request.user).select_related("author")
    return render(
        request,
        "care/patient_entry.html",
        {
            "patient": person,
            "entry": entry,
            "thread": thread,
            "form": form if access.may_reflect(request.user, person) else None,
            "closing_on": access.closing_on(person),
        },
        status=status,
    )


@require_POST
@access.staff_mfa_required
def reflect(request, patient_id, entry_id):
    me = request.user
    person = _patient_or_404(me, patient_id)
    entry = get_object_or_404(access.visible_entries(me, person), pk=entry_id)
    if not access.may_reflect(me, person):
        messages.error(
            request,
            _(
                "{person}'s account is closing, so reflections are closed. Nothing was saved."
            ).format(person=person),
        )
        return redirect("care:patient_entry", patient_id=person.pk, entry_id=entry.pk)
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        return _entry_page(request, person, entry, form, status=400)
    with transaction.atomic():
        Reflection.objects.create(
            entry=entry,
            therapist=me,
            author=me,
            body=form.cleaned_data["body"],
            body_html=render_markdown(form.cleaned_data["body"]),
        )
        access.record_access(actor=me, patient=person, action=Action.REFLECT, item=entry)
    messages.success(request, _("Your reflection is saved. The patient will see it on the entry."))
    return redirect("care:patient_entry", patient_id=person.pk, entry_id=entry.pk)


@require_GET
@access.staff_mfa_required
def patient_intention(request, patient_id, intention_id):
    me = request.user
    person = _patient_or_404(me, patient_id)
    intention = get_object_or_404(
        access.visible_intentions(me, person).prefetch_related(
            Prefetch("actions", queryset=Step.objects.order_by("order", "created")),
            Prefetch("reviews", queryset=Review.objects.order_by("created")),
        ),
        pk=intention_id,
    )
    _mark_read(me, intention=intention)
    access.record_access(actor=me, patient=person, action=Action.VIEW, item=intention)
    return render(
        request, "care/patient_intention.html", {"patient": person, "intention": intention}
    )


@require_GET
@access.staff_mfa_required
def patient_session(request, patient_id, session_id):
    me = request.user
    person = _patient_or_404(me, patient_id)
    session = get_object_or_404(access.visible_sessions(me, person), pk=session_id)
    _mark_read(me, session=session)
    access.record_access(actor=me, patient=person, action=Action.VIEW, item=session)
    # Only entries of this session that are themselves shared with the therapist.
    entries = (
        access.visible_entries(me, person).filter(session=session).order_by("happened_at", "pk")
    )
    intentions = access.visible_intentions(me, person).filter(treatment_sessions=session)
    return render(
        request,
        "care/patient_session.html",
        {"patient": person, "session": session, "entries": entries, "intentions": intentions},
    )


@require_GET
@access.staff_mfa_required
def patient_themes(request, patient_id):
    me = request.user
    person = _patient_or_404(me, patient_id)
    access.record_access(actor=me, patient=person, action=Action.VIEW_LIST)
    # The numbers are kept per recipient (journal.themes.shared_summary); care.access decides
    # now whether they may be shown: no visible share, nothing to count.
    shares = access.visible_entry_shares(me, person)
    seen = shares.exists()
    theme_count = themes.shared_theme_count(me, person) if seen else 0
    show_all = theme_count <= themes.LIST_THEMES or request.GET.get("themes") == "all"
    summary = (
        themes.shared_summary(me, person, limit=None if show_all else themes.LIST_THEMES)
        if seen
        else []
    )
    return render(
        request,
        "care/patient_themes.html",
        {
            "patient": person,
            "entry_count": themes.shared_entry_count(me, person) if seen else 0,
            "summary": summary,
            "theme_count": theme_count,
            "showing_all": show_all,
            "list_themes": themes.LIST_THEMES,
            "grid": themes.shared_grid(
                shares,
                me,
                person,
                summary=summary,
                theme_count=theme_count,
                page=request.GET.get("sessions"),
            )
            if summary
            else None,
            "pairs": themes.shared_pairs(me, person) if seen else [],
            "theme_links": False,  # the theme pages are the patient's own, not the therapist's
        },
    )


@require_http_methods(["GET", "POST"])
@access.staff_mfa_required
def acknowledge(request, response_id):
    """Acknowledging a flag asks what was done; the record is kept for the care team and the
    patient's access log says who reviewed which answer."""
    me = request.user
    flagged = access.flagged_responses_for(me)
    response = get_object_or_404(flagged.select_related("owner"), pk=response_id)
    card = flag_cards(me, flagged.filter(pk=response.pk))[0]
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            updated = (
                type(response)
                .objects.filter(pk=response.pk, flag_acknowledged_at=None)
                .update(flag_acknowledged_at=timezone.now(), flag_acknowledged_by=me)
            )
            if updated:
                FlagFollowUp.objects.create(
                    response=response,
                    therapist=me,
                    steps=form.cleaned_data["steps"],
                    note=form.cleaned_data["note"].strip(),
                )
                access.record_access(
                    actor=me, patient=response.owner, action=Action.ACKNOWLEDGE, item=response
                )
        if updated:
            messages.success(
                request, _("Thank you. Your follow-up is recorded and the care team can see it.")
            )
        else:
            messages.info(request, _("A colleague acknowledged this flag a moment ago."))
        return redirect("care:patient", patient_id=response.owner_id)
    access.record_access(actor=me, patient=response.owner, action=Action.VIEW, item=response)
    return render(
        request,
        "care/acknowledge.html",
        {"card": card, "patient": response.owner, "form": form},
        status=400 if request.method == "POST" else 200,
    )
