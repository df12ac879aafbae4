"""The one place that decides who may see what of a patient's.

Rules (see docs/security.md):
- The owner sees everything of theirs that is not in the trash.
- A therapist sees an item only while (a) they are a therapist member of a clinic the patient
  has joined, (b) the patient has them on the care team there, (c) the item is shared with them
  and not revoked, and (d) they have a second factor (MFA): an authenticator app or a passkey.
- Measures and check-in summaries: the same team rule plus the patient's opt-in on the CareLink.
- Clinic admins see report material only with the patient's consent (`can_export_clinic_reports`).
- Support persons see only their own notes on the one session they were invited to.
- Anyone else sees nothing. Views turn "not visible" into a 404, never a 403.

Every non-owner read goes through `record_access`, which writes an append-only AccessEvent with
no journal text in it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import wraps

from allauth.mfa.models import Authenticator
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect

from accounts.models import DeletionRequest, User
from care.crisis import DEFAULT_CRISIS_RESOURCES
from care.models import (
    AccessEvent,
    CareLink,
    CareTeamMember,
    Clinic,
    FlagEscalation,
    FlagFollowUp,
    Membership,
    Reflection,
    Share,
    SupportInvite,
    SupportNote,
)
from intentions.models import Intention
from journal.models import Entry, TreatmentSession
from measures.models import FlagState, Response

THERAPIST = Membership.Role.THERAPIST
ADMIN = Membership.Role.ADMIN


def _is_signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _is_owner(viewer, patient) -> bool:
    return _is_signed_in(viewer) and viewer.pk == patient.pk


# A passkey proves the device and, with user verification, the person's PIN or fingerprint: it
# counts as the second factor like an authenticator app. Recovery codes only stand in for them.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def _second_factors(user) -> QuerySet:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS)


def has_mfa(user) -> bool:
    """True when the person has an authenticator app (TOTP) or a passkey (allauth.mfa)."""
    if not _is_signed_in(user):
        return False
    return _second_factors(user).exists()


def is_clinic_staff(user) -> bool:
    """A therapist or admin of at least one clinic."""
    return _is_signed_in(user) and Membership.objects.filter(user_id=user.pk).exists()


def is_therapist(user) -> bool:
    """A therapist member of at least one clinic."""
    return (
        _is_signed_in(user) and Membership.objects.filter(user_id=user.pk, role=THERAPIST).exists()
    )


def keeps_short_sessions(user) -> bool:
    """Clinic staff and site administrators are signed out after the short idle time on every
    device, even one they asked to stay signed in on (integration_journal.middleware)."""
    return is_clinic_staff(user) or getattr(user, "is_staff", False)


def needs_mfa(user) -> bool:
    """Clinic staff without MFA must set it up before any patient data is shown to them."""
    return is_clinic_staff(user) and not has_mfa(user)


def staff_mfa_required(view):
    """For views that show patient data to clinic staff: without MFA, explain and redirect."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if needs_mfa(request.user):
            return redirect("care:mfa_required")
        return view(request, *args, **kwargs)

    return wrapped


def _team_rows(viewer, patient) -> QuerySet:
    """The care-team rows that put `viewer` on `patient`'s team, through a clinic where the
    viewer is (still) a therapist member."""
    return CareTeamMember.objects.filter(
        link__patient_id=patient.pk,
        therapist_id=viewer.pk,
        link__clinic__memberships__user_id=viewer.pk,
        link__clinic__memberships__role=THERAPIST,
    )


def is_care_team_member(viewer, patient) -> bool:
    """True while the patient has `viewer` on a care team as a current therapist member.
    (Says nothing about MFA; the visible_* functions check that too.)"""
    if not _is_signed_in(viewer) or _is_owner(viewer, patient):
        return False
    return _team_rows(viewer, patient).exists()


def _therapist_may_see(viewer, patient) -> bool:
    """`is_care_team_member` and `has_mfa`, asked in one query."""
    if not _is_signed_in(viewer) or _is_owner(viewer, patient):
        return False
    return _team_rows(viewer, patient).filter(Exists(_second_factors(viewer))).exists()


def _shared_ids(viewer, patient, field: str):
    return (
        Share.objects.active()
        .filter(owner_id=patient.pk, recipient_id=viewer.pk, **{f"{field}__isnull": False})
        .values(field)
    )


def visible_entries(viewer, patient) -> QuerySet:
    if _is_owner(viewer, patient):
        return Entry.objects.for_owner(patient)
    if not _therapist_may_see(viewer, patient):
        return Entry.objects.none()
    # Driven from the shares: the database looks up the shared entries by key, where a filter on
    # the owner beside them would walk every entry the patient ever wrote. The owner and the
    # trash are checked inside, on the shared entries only (visible_entry_shares).
    return Entry.objects.filter(pk__in=visible_entry_shares(viewer, patient).values("entry_id"))


def visible_entry_shares(viewer, patient) -> QuerySet:
    """The shares through which `viewer` sees `patient`'s entries (those `visible_entries` gives
    a therapist, one share each), for a list in the order they were shared: it walks the shares'
    index (Share.Meta, "care_share_to_from_newest_idx") from the newest and reads only the
    entries of the page. Empty for the owner, who sees their entries without shares."""
    if _is_owner(viewer, patient) or not _therapist_may_see(viewer, patient):
        return Share.objects.none()
    return Share.objects.active().filter(
        owner_id=patient.pk,
        recipient_id=viewer.pk,
        entry__owner_id=patient.pk,
        entry__deleted_at__isnull=True,
    )


def entries_shared_with(viewer, patient=None) -> QuerySet:
    """The entries `viewer` sees as a therapist across all their patients (or of `patient`
    alone): those `visible_entries` gives for each patient on whose care team they are now (with
    MFA), shared with them and not revoked, outside the trash, in one queryset for a search
    across them. The entries are joined to the viewer's active shares (at most one per entry:
    the unique index on recipient and entry), so the database starts from what was shared with
    the viewer, however much the patients wrote; the owner's own entries are never in it."""
    if not _is_signed_in(viewer):
        return Entry.objects.none()
    patients = patients_for(viewer)
    if patient is not None:
        patients = patients.filter(pk=patient.pk)
    return Entry.objects.filter(
        shares__recipient_id=viewer.pk,
        shares__revoked_at__isnull=True,
        shares__owner_id=F("owner_id"),
        owner__in=patients.exclude(pk=viewer.pk),
        deleted_at__isnull=True,
    )


def visible_intentions(viewer, patient) -> QuerySet:
    if _is_owner(viewer, patient):
        return Intention.objects.for_owner(patient)
    if not _therapist_may_see(viewer, patient):
        return Intention.objects.none()
    return Intention.objects.filter(
        owner_id=patient.pk,
        deleted_at__isnull=True,
        pk__in=_shared_ids(viewer, patient, "intention"),
    )


def visible_sessions(viewer, patient) -> QuerySet:
    if _is_owner(viewer, patient):
        return TreatmentSession.objects.for_owner(patient)
    if not _therapist_may_see(viewer, patient):
        return TreatmentSession.objects.none()
    return TreatmentSession.objects.filter(
        owner_id=patient.pk, pk__in=_shared_ids(viewer, patient, "session")
    )


def _consent(viewer, patient, field: str) -> bool:
    if _is_owner(viewer, patient):
        return True
    if not _is_signed_in(viewer):
        return False
    rows = _team_rows(viewer, patient).filter(**{f"link__{field}": True})
    return rows.filter(Exists(_second_factors(viewer))).exists()


def can_see_measures(viewer, patient) -> bool:
    """Owner, or a care-team therapist (with MFA) of a clinic where the patient opted in."""
    return _consent(viewer, patient, "share_measures")


def can_see_checkins(viewer, patient) -> bool:
    """Owner, or a care-team therapist (with MFA) of a clinic where the patient opted in."""
    return _consent(viewer, patient, "share_checkins")


def patients_for(viewer) -> QuerySet:
    """The patients who have `viewer` on their care team (empty without MFA)."""
    if not _is_signed_in(viewer) or not has_mfa(viewer):
        return User.objects.none()
    team = CareTeamMember.objects.filter(
        therapist_id=viewer.pk,
        link__clinic__memberships__user_id=viewer.pk,
        link__clinic__memberships__role=THERAPIST,
    ).values("link__patient_id")
    return User.objects.filter(pk__in=team)


def measure_patients_for(viewer) -> QuerySet:
    """The patients on whose team `viewer` is and who opted in to share measures there."""
    if not _is_signed_in(viewer) or not has_mfa(viewer):
        return User.objects.none()
    team = CareTeamMember.objects.filter(
        therapist_id=viewer.pk,
        link__share_measures=True,
        link__clinic__memberships__user_id=viewer.pk,
        link__clinic__memberships__role=THERAPIST,
    ).values("link__patient_id")
    return User.objects.filter(pk__in=team)


def visible_shares_for(viewer) -> QuerySet:
    """Active shares to `viewer` from patients who still have them on the team (with MFA),
    leaving out items in the trash."""
    return (
        Share.objects.active()
        .filter(recipient_id=viewer.pk, owner__in=patients_for(viewer))
        .filter(item_outside_trash())
    )


def patients_with_share_counts(viewer) -> QuerySet:
    """`patients_for(viewer)`, each patient with how many items they share with `viewer`
    (`shared`), how many of those the viewer has not opened (`unread`) and when the newest was
    shared (`last_shared`, None if nothing), counted as `visible_shares_for` lists them. Each
    count is a subquery of the patient row that reads only that patient's shares to the viewer
    by the index (Share.Meta, "care_share_to_from_newest_idx"): the row is already one of the
    viewer's patients, so the subqueries leave out `visible_shares_for`'s own check of that,
    which SQLite would otherwise run again for every patient."""
    shares = (
        Share.objects.active()
        .filter(recipient_id=viewer.pk, owner_id=OuterRef("pk"))
        .filter(item_outside_trash())
        .order_by()
        .values("owner")
    )

    def of_patient(shares, aggregate):
        return Subquery(shares.annotate(value=aggregate).values("value"))

    return patients_for(viewer).annotate(
        unread=Coalesce(of_patient(shares.filter(read_at=None), Count("pk")), 0),
        shared=Coalesce(of_patient(shares, Count("pk")), 0),
        last_shared=of_patient(shares, Max("created")),
    )


def item_outside_trash() -> Q:
    """A share's item is not in the trash (sessions have none). Asked against the items in the
    trash, which the trash's own indexes list and which are emptied after 30 days: a join to
    every entry would have PostgreSQL scan them all to hash them."""
    trashed_entries = Entry.objects.filter(deleted_at__isnull=False).values("pk")
    trashed_intentions = Intention.objects.filter(deleted_at__isnull=False).values("pk")
    return ~Q(entry__in=trashed_entries) & ~Q(intention__in=trashed_intentions)


def visible_responses(viewer, patient) -> QuerySet:
    """A patient's questionnaire results a viewer sees: the owner all of them; a care-team
    therapist (with MFA, where the patient shares questionnaires) those given since sharing
    was turned on, and earlier ones only if the patient chose to share those too."""
    if _is_owner(viewer, patient):
        return Response.objects.for_owner(patient)
    if not _is_signed_in(viewer):
        return Response.objects.none()
    # can_see_measures and the date sharing began, in one query.
    links = (
        _team_rows(viewer, patient)
        .filter(link__share_measures=True)
        .filter(Exists(_second_factors(viewer)))
        .aggregate(
            shared=Count("pk"),
            from_the_start=Count("pk", filter=Q(link__measures_shared_since__isnull=True)),
            since=Min("link__measures_shared_since"),
        )
    )
    if not links["shared"]:
        return Response.objects.none()
    everything = Response.objects.filter(owner_id=patient.pk)
    if links["from_the_start"]:
        return everything
    return everything.filter(created__gte=links["since"])


def can_export_measures(viewer, patient) -> bool:
    """Whether `viewer` may download a patient's questionnaires (FHIR): the owner always; a
    care-team therapist who sees them (`can_see_measures`), but not while the patient's
    account is closing, as for progress reports."""
    if _is_owner(viewer, patient):
        return True
    if not _is_signed_in(viewer):
        return False
    # can_see_measures and closing_on in one query: the patient page asks on every visit.
    mfa = Authenticator.objects.filter(user_id=viewer.pk, type__in=SECOND_FACTORS)
    return (
        _team_rows(viewer, patient)
        .filter(link__share_measures=True)
        .filter(Exists(mfa))
        .exclude(Exists(DeletionRequest.objects.filter(user_id=patient.pk)))
        .exists()
    )


def report_responses(viewer, patient) -> QuerySet:
    """The questionnaire results a progress report by `viewer` may hold: those the viewer sees
    as owner or care-team therapist; for a clinic admin with the patient's consents, those
    shared with that clinic (from when sharing was turned on, or all if the patient chose)."""
    if _is_owner(viewer, patient) or is_care_team_member(viewer, patient):
        return visible_responses(viewer, patient)
    if not clinic_consents(viewer, patient, "share_measures"):
        return Response.objects.none()
    links = CareLink.objects.filter(
        patient_id=patient.pk,
        consents_to_clinic_reports=True,
        share_measures=True,
        clinic__memberships__user_id=viewer.pk,
        clinic__memberships__role=ADMIN,
    )
    everything = Response.objects.filter(owner_id=patient.pk)
    if links.filter(measures_shared_since__isnull=True).exists():
        return everything
    return everything.filter(
        created__gte=links.aggregate(since=Min("measures_shared_since"))["since"]
    )


def _flag_counts_since(link_prefix: str = "") -> Q:
    """A flag counts for a clinic link only if it was given after questionnaire sharing was last
    turned on there (or the link has shared from the beginning)."""
    field = f"{link_prefix}measures_flags_since"
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": OuterRef("created")})


def flag_state_at_answer(patient) -> str:
    """Whether an item-9 answer given now is flagged: only while the patient shares
    questionnaires with someone on a care team. Decided once, when the answer is saved."""
    return FlagState.FLAGGED if flag_recipients(patient) else FlagState.PRIVATE


def flagged_responses_for(viewer) -> QuerySet:
    """PHQ-9 item-9 flags not yet acknowledged that `viewer` must follow up: answers flagged
    when they were given (the patient shared questionnaires then), of patients who still share
    them with `viewer`, given since that sharing was last turned on. Turning sharing off takes
    them off the viewer's dashboard; turning it on again never brings back an earlier answer."""
    team = CareTeamMember.objects.filter(
        _flag_counts_since("link__"),
        therapist_id=viewer.pk,
        link__patient_id=OuterRef("owner_id"),
        link__share_measures=True,
        link__clinic__memberships__user_id=viewer.pk,
        link__clinic__memberships__role=THERAPIST,
    )
    return Response.objects.filter(
        Exists(team),
        owner__in=measure_patients_for(viewer),
        flag_state=FlagState.FLAGGED,
        flag_acknowledged_at__isnull=True,
    )


def with_previous_visible_response(viewer, responses: QuerySet) -> QuerySet:
    """`responses` (answers `flagged_responses_for(viewer)` gives), each with `previous_id`: the
    patient's previous answer to the same questionnaire among those `viewer` sees (as
    `visible_responses` gives them: on a team at a clinic where the patient shares
    questionnaires, given since that sharing began or from the start), or None. One subquery
    of the answer's row, however many answers."""
    seen = CareTeamMember.objects.filter(
        Q(link__measures_shared_since__isnull=True)
        | Q(link__measures_shared_since__lte=OuterRef("created")),
        Exists(_second_factors(viewer)),
        therapist_id=viewer.pk,
        link__patient_id=OuterRef("owner_id"),
        link__share_measures=True,
        link__clinic__memberships__user_id=viewer.pk,
        link__clinic__memberships__role=THERAPIST,
    )
    earlier = Response.objects.filter(
        Exists(seen),
        owner_id=OuterRef("owner_id"),
        instrument=OuterRef("instrument"),
        created__lt=OuterRef("created"),
    ).order_by("-created")
    return responses.annotate(previous_id=Subquery(earlier.values("pk")[:1]))


def follow_ups_for(viewer, patient) -> QuerySet:
    """The follow-up records of a patient's flags, for the patient and their care team."""
    return follow_ups_of(visible_responses(viewer, patient))


def follow_ups_of(visible: QuerySet) -> QuerySet:
    """`follow_ups_for` where the caller already holds `visible_responses(viewer, patient)`
    (the patient page), without asking again what the viewer sees."""
    return FlagFollowUp.objects.filter(response__in=visible).select_related("therapist", "response")


def flag_recipients(patient) -> list:
    """The therapists whose dashboard shows this patient's item-9 flags: those on a care team at
    a clinic where the patient shares questionnaires (the other side of `flagged_responses_for`,
    which also asks for the therapist's MFA before showing anything)."""
    team = CareTeamMember.objects.filter(
        link__patient_id=patient.pk,
        link__share_measures=True,
        link__clinic__memberships__user_id=F("therapist_id"),
        link__clinic__memberships__role=THERAPIST,
    )
    return list(User.objects.filter(pk__in=team.values("therapist_id")).order_by("display_name"))


def flags_to_escalate(clinic, now) -> QuerySet:
    """Flags counting at `clinic` (the patient shares questionnaires with its care team) left
    unacknowledged longer than the clinic's escalation period and not yet escalated there."""
    links = CareLink.objects.filter(
        _flag_counts_since(),
        clinic_id=clinic.pk,
        patient_id=OuterRef("owner_id"),
        share_measures=True,
        team__isnull=False,
    )
    return (
        Response.objects.filter(
            Exists(links),
            flag_state=FlagState.FLAGGED,
            flag_acknowledged_at__isnull=True,
            created__lte=now - dt.timedelta(hours=clinic.flag_escalation_hours),
        )
        .exclude(escalations__clinic_id=clinic.pk)
        .distinct()
    )


def safety_contacts_of(clinic) -> QuerySet:
    """The clinic's safety contacts who still work there."""
    return clinic.safety_contacts.filter(memberships__clinic_id=clinic.pk).distinct()


def escalations_for(viewer) -> QuerySet:
    """Escalated flags still unacknowledged, for a clinic's safety contact (or its admins when
    it named none) with MFA. They see who and since when, and who is on the care team, never
    the answers: their part is to make sure the care team responds."""
    if not _is_signed_in(viewer) or not has_mfa(viewer):
        return FlagEscalation.objects.none()
    named = Clinic.objects.filter(safety_contacts=viewer, memberships__user_id=viewer.pk)
    unnamed = Clinic.objects.filter(
        safety_contacts__isnull=True, memberships__user_id=viewer.pk, memberships__role=ADMIN
    )
    still_shared = CareLink.objects.filter(
        Q(measures_flags_since__isnull=True)
        | Q(measures_flags_since__lte=OuterRef("response__created")),
        clinic_id=OuterRef("clinic_id"),
        patient_id=OuterRef("response__owner_id"),
        share_measures=True,
    )
    return FlagEscalation.objects.filter(
        Exists(still_shared),
        Q(clinic__in=named) | Q(clinic__in=unnamed),
        response__flag_acknowledged_at__isnull=True,
    ).select_related("clinic", "response__owner")


def closing_dates(patients) -> dict:
    """For the patients among `patients` who scheduled the erasure of their account: the
    moment it will be erased, by patient id."""
    ids = [p.pk for p in patients]
    rows = DeletionRequest.objects.filter(user_id__in=ids).values_list("user_id", "erase_after")
    return dict(rows)


def closing_on(patient):
    """When the patient's account will be erased, or None if no erasure is scheduled."""
    return closing_dates([patient]).get(patient.pk)


def _not_closing(users: QuerySet) -> QuerySet:
    return users.exclude(Exists(DeletionRequest.objects.filter(user_id=OuterRef("pk"))))


def may_reflect(viewer, patient) -> bool:
    """Reflections are closed on an account scheduled for erasure."""
    return closing_on(patient) is None


def therapist_report_patients_for(viewer) -> QuerySet:
    """The patients a therapist may make a progress report of: their care-team patients,
    leaving out accounts scheduled for erasure."""
    return _not_closing(patients_for(viewer))


def crisis_resources_for(user) -> list[dict]:
    """The crisis resources a person should see: those of the first clinic (by name) they are a
    patient of, else of a clinic they work at, else the defaults."""
    if _is_signed_in(user):
        clinics = Clinic.objects.filter(care_links__patient=user).exclude(crisis_resources="")
        if not clinics:
            clinics = Clinic.objects.filter(memberships__user=user).exclude(crisis_resources="")
        for clinic in clinics.order_by("name")[:1]:
            resources = clinic.crisis_resource_list()
            if resources:
                return resources
    return DEFAULT_CRISIS_RESOURCES


def suggested_measures_for(user) -> tuple[Clinic, list[str]] | None:
    """The questionnaires a clinic the person is a patient of suggests they track: the first
    clinic (by name) with a suggestion, or None."""
    if not _is_signed_in(user):
        return None
    clinic = (
        Clinic.objects.filter(care_links__patient=user)
        .exclude(suggested_measures=[])
        .order_by("name")
        .first()
    )
    return (clinic, list(clinic.suggested_measures)) if clinic else None


def report_patients_for(viewer) -> QuerySet:
    """The patients whose clinic reports `viewer` (a clinic admin with MFA) may export."""
    if not _is_signed_in(viewer) or not has_mfa(viewer):
        return User.objects.none()
    links = CareLink.objects.filter(
        consents_to_clinic_reports=True,
        clinic__memberships__user_id=viewer.pk,
        clinic__memberships__role=ADMIN,
    ).values("patient_id")
    return _not_closing(User.objects.filter(pk__in=links))


def can_export_clinic_reports(viewer, patient) -> bool:
    """The owner, or an admin (with MFA) of a clinic where the patient consented to reports
    (not while the patient's account is scheduled for erasure)."""
    if _is_owner(viewer, patient):
        return True
    if not _is_signed_in(viewer) or not has_mfa(viewer) or closing_on(patient):
        return False
    return CareLink.objects.filter(
        patient_id=patient.pk,
        consents_to_clinic_reports=True,
        clinic__memberships__user_id=viewer.pk,
        clinic__memberships__role=ADMIN,
    ).exists()


def clinics_of(user) -> QuerySet:
    """The clinics `user` works at, as therapist or admin."""
    return Clinic.objects.filter(memberships__user=user).distinct()


def admin_clinics_of(user) -> QuerySet:
    """The clinics `user` administers."""
    return Clinic.objects.filter(memberships__user=user, memberships__role=ADMIN)


def is_clinic_admin(user, clinic) -> bool:
    return Membership.objects.filter(clinic=clinic, user=user, role=ADMIN).exists()


def consenting_patients(clinic_id) -> QuerySet:
    """The patients of a clinic who consented to its clinic reports (leaving out accounts
    scheduled for erasure)."""
    links = CareLink.objects.filter(clinic_id=clinic_id, consents_to_clinic_reports=True)
    return _not_closing(User.objects.filter(pk__in=links.values("patient_id")))


# The home panel writes out how many times others opened the patient's things, and how many
# reflections the care team wrote, up to this many.
HOME_VIEWS_SHOWN = 99


def home_panel(user) -> dict:
    """What the home page's care panel shows `user`: which of its parts (their own care as a
    patient, clinic work, support sessions) and the counts in each."""
    data = {"is_staff": is_clinic_staff(user), "is_support": support_invites_for(user).exists()}
    # Everyone who is not only clinic staff or a support person sees their own care panel.
    data["is_patient"] = user.care_links.exists() or not (data["is_staff"] or data["is_support"])
    if data["is_patient"]:
        data.update(
            # Both counted up to one more than the panel writes out: an access log grows with
            # every visit and reflections with every week of care, and past that the panel says
            # "more than" (HOME_VIEWS_SHOWN). Reflections are read by their patient's index.
            reflections=Reflection.objects.filter(patient=user, entry__deleted_at=None)
            .exclude(author=user)[: HOME_VIEWS_SHOWN + 1]
            .count(),
            shared=Share.objects.active().filter(owner=user).count(),
            views=AccessEvent.objects.filter(patient=user)
            .exclude(actor=user)[: HOME_VIEWS_SHOWN + 1]
            .count(),
        )
        for count, more in (("views", "more_views"), ("reflections", "more_reflections")):
            data[more] = data[count] > HOME_VIEWS_SHOWN
            data[count] = min(data[count], HOME_VIEWS_SHOWN)
    if data["is_staff"]:
        data["needs_mfa"] = needs_mfa(user)
        if not data["needs_mfa"]:
            data["patients"] = patients_for(user).count()
            data["unread"] = visible_shares_for(user).filter(read_at=None).count()
            data["flagged"] = flagged_responses_for(user).count()
    if data["is_support"]:
        data["support_sessions"] = support_invites_for(user).count()
    return data


def support_invites_for(viewer) -> QuerySet:
    """The sessions a support person was invited to and accepted (not withdrawn)."""
    if not _is_signed_in(viewer):
        return SupportInvite.objects.none()
    return SupportInvite.objects.filter(
        support_person_id=viewer.pk, accepted_at__isnull=False, withdrawn_at__isnull=True
    )


def visible_support_notes(viewer, invite: SupportInvite) -> QuerySet:
    """The patient sees every note on their invite; the support person only their own."""
    if _is_owner(viewer, invite.patient):
        return invite.notes.all()
    if (
        _is_signed_in(viewer)
        and invite.support_person_id == viewer.pk
        and invite.withdrawn_at is None
    ):
        return invite.notes.filter(author_id=viewer.pk)
    return SupportNote.objects.none()


_QUIET_FOR_OWNER = {AccessEvent.Action.VIEW, AccessEvent.Action.VIEW_LIST}


def record_access(*, actor, patient, action: str, item=None) -> AccessEvent | None:
    """Append an AccessEvent. The owner's own reads are not logged; everything else is.

    `item` may be any model instance (entry, intention, session, response, report…): only its
    type and id are stored, never its text.
    """
    if action in _QUIET_FOR_OWNER and _is_owner(actor, patient):
        return None
    return AccessEvent.objects.create(**_event_fields(actor, patient, action, item))


def record_accesses(*, actor, action: str, events: Iterable[tuple]) -> list[AccessEvent]:
    """`record_access` for many (patient, item) pairs at once, in one INSERT, for a page or a
    download that reads many items (a clinic's zip of reports). `AccessEvent.objects.bulk_create`
    chains them as a single write does (care/audit.py): each patient's chain locked (in one sorted
    order), their last hashes read in one query, the events hashed in the order given. The
    owner's own reads are left out, as by `record_access`."""
    rows = [
        AccessEvent(**_event_fields(actor, patient, action, item))
        for patient, item in events
        if not (action in _QUIET_FOR_OWNER and _is_owner(actor, patient))
    ]
    return AccessEvent.objects.bulk_create(rows) if rows else []


def record_list_views(*, actor, patients) -> None:
    """One "viewed the list" event for each patient whose data a page shows `actor` at once
    (the therapist's dashboard), written in one query however many patients there are."""
    patients = {p.pk: p for p in patients}.values()
    record_accesses(
        actor=actor, action=AccessEvent.Action.VIEW_LIST, events=((p, None) for p in patients)
    )


def _event_fields(actor, patient, action: str, item) -> dict:
    label = ""
    if _is_signed_in(actor):
        label = actor.display_name or actor.email
        if actor.display_name:
            label = f"{actor.display_name} ({actor.email})"
    return {
        "actor": actor if _is_signed_in(actor) else None,
        "actor_label": label or "Someone",
        "patient": patient,
        "action": action,
        "item_type": item._meta.model_name if item is not None else "",
        "item_id": str(item.pk) if item is not None else "",
    }


def clinic_report_items(viewer, patient) -> dict[str, QuerySet]:
    """For a clinic admin exporting a consenting patient's report: the intentions and sessions
    the patient shared with any current care-team therapist of the admin's clinic(s). Empty
    without consent.

    Never journal entries: clinic staff who are not on the patient's care team see no journal
    text, so `entries` is always empty, and nothing derived from entries (themes) can be built
    from it. A clinic admin who is also on the care team uses `visible_entries` as a therapist."""
    empty = {
        "entries": Entry.objects.none(),
        "intentions": Intention.objects.none(),
        "sessions": TreatmentSession.objects.none(),
    }
    if _is_owner(viewer, patient) or not can_export_clinic_reports(viewer, patient):
        return empty
    therapists = CareTeamMember.objects.filter(
        link__patient_id=patient.pk,
        link__consents_to_clinic_reports=True,
        link__clinic__memberships__user_id=viewer.pk,
        link__clinic__memberships__role=ADMIN,
    ).values("therapist_id")
    shares = Share.objects.active().filter(owner_id=patient.pk, recipient_id__in=therapists)
    return {
        "entries": Entry.objects.none(),
        "intentions": Intention.objects.filter(
            owner_id=patient.pk,
            deleted_at__isnull=True,
            pk__in=shares.filter(intention__isnull=False).values("intention"),
        ),
        "sessions": TreatmentSession.objects.filter(
            owner_id=patient.pk, pk__in=shares.filter(session__isnull=False).values("session")
        ),
    }


def clinic_consents(viewer, patient, field: str) -> bool:
    """Whether a clinic admin's report may include measures/check-ins (`share_measures`,
    `share_checkins`): the patient consented to clinic reports and opted in at that clinic."""
    if not can_export_clinic_reports(viewer, patient) or _is_owner(viewer, patient):
        return False
    return CareLink.objects.filter(
        patient_id=patient.pk,
        consents_to_clinic_reports=True,
        clinic__memberships__user_id=viewer.pk,
        clinic__memberships__role=ADMIN,
        **{field: True},
    ).exists()


# The four homes, in the order a person with several roles lands on them by default.
THERAPIST_HOME, CLINIC_HOME, SUPPORT_HOME, PATIENT_HOME = (
    "therapist",
    "clinic",
    "support",
    "patient",
)
ROLE_ORDER = (THERAPIST_HOME, CLINIC_HOME, SUPPORT_HOME, PATIENT_HOME)


def _roles_from(user, memberships: list[tuple]) -> list[str]:
    """The roles of `user` given their (clinic_id, role) memberships: a therapist or admin
    membership, accepted support invitations, and their own journal (a clinic joined as a
    patient or anything written). Someone with no other role is a patient."""
    roles = []
    if any(role == THERAPIST for _, role in memberships):
        roles.append(THERAPIST_HOME)
    if any(role == ADMIN for _, role in memberships):
        roles.append(CLINIC_HOME)
    if support_invites_for(user).exists():
        roles.append(SUPPORT_HOME)
    journals = (
        CareLink.objects.filter(patient_id=user.pk).exists()
        or Entry.objects.filter(owner_id=user.pk).exists()
        or Intention.objects.filter(owner_id=user.pk).exists()
        or TreatmentSession.objects.filter(owner_id=user.pk).exists()
    )
    if journals or not roles:
        roles.append(PATIENT_HOME)
    return roles


def _memberships(user) -> list[tuple]:
    return list(
        Membership.objects.filter(user_id=user.pk)
        .order_by("created")
        .values_list("clinic_id", "role")
    )


def roles_of(user) -> list[str]:
    """Every role `user` has now, in ROLE_ORDER; empty for someone not signed in."""
    if not _is_signed_in(user):
        return []
    return _roles_from(user, _memberships(user))


def home_for(user, preferred: str | None = None) -> str:
    """Which home `user` gets: `preferred` (their choice in the menu, kept in the session) when
    they still have that role, else their first role. The choice is only a preference: every
    page behind a home checks access itself."""
    roles = roles_of(user)
    if preferred in roles:
        return preferred
    return roles[0] if roles else PATIENT_HOME


# What the menu's switch says for each home it switches to.
SWITCH_LABELS = {
    THERAPIST_HOME: "Switch to clinician view",
    CLINIC_HOME: "Switch to clinic view",
    SUPPORT_HOME: "Switch to sessions I support",
    PATIENT_HOME: "Switch to my journal",
}


@dataclass(frozen=True, slots=True)
class Menu:
    """Which main menu a person gets: the one of their current home (`role`), with a switch to
    each other role they have. Clinic staff see Clinic (their first clinic, `clinic_id`) and,
    therapists, Patients. The menu only links: every page it links to checks access itself."""

    clinic_id: uuid.UUID | None = None
    therapist: bool = False
    role: str = PATIENT_HOME
    roles: tuple[str, ...] = ()

    @property
    def is_staff(self) -> bool:
        return self.role in (THERAPIST_HOME, CLINIC_HOME) and self.clinic_id is not None

    @property
    def is_patient(self) -> bool:
        return self.role == PATIENT_HOME

    @property
    def is_support(self) -> bool:
        return self.role == SUPPORT_HOME

    @property
    def switches(self) -> list[tuple[str, str]]:
        """(role, label) for each other role this person may switch to."""
        return [(role, SWITCH_LABELS[role]) for role in self.roles if role != self.role]


def menu_for(user, preferred: str | None = None) -> Menu:
    """The menu for `user`, read from their memberships (one indexed query) on every request,
    so a membership added or removed shows on the next page."""
    if not _is_signed_in(user):
        return Menu()
    memberships = _memberships(user)
    roles = _roles_from(user, memberships)
    role = preferred if preferred in roles else roles[0]
    if not memberships:
        return Menu(role=role, roles=tuple(roles))
    return Menu(
        clinic_id=memberships[0][0],
        therapist=any(r == THERAPIST for _, r in memberships),
        role=role,
        roles=tuple(roles),
    )
