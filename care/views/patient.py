"""The patient's side: clinics, care team, consents, resources, access log."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from care import access
from care.forms import ConsentForm, JoinByCodeForm
from care.models import AccessEvent, CareLink, CareTeamMember, Membership, Resource
from care.sharing import revoke_unless_still_on_team, team_for
from integration_journal.keyset import integer_id, keyset_page
from measures.models import Response


def _links_for(user):
    return (
        CareLink.objects.filter(patient=user)
        .select_related("clinic")
        .prefetch_related(
            Prefetch(
                "team",
                queryset=CareTeamMember.objects.select_related("therapist").order_by("created"),
            )
        )
        .order_by("created")
    )


def team_candidates(link) -> list:
    """The clinic's therapists the patient could add to the team at `link`."""
    on_team = {member.therapist_id for member in link.team.all()}
    therapists = Membership.objects.filter(
        clinic_id=link.clinic_id, role=Membership.Role.THERAPIST
    ).select_related("user")
    return sorted(
        (m.user for m in therapists if m.user_id not in on_team),
        key=lambda u: (u.display_name, u.email),
    )


def _back(request, fallback: str = "care:index"):
    """Back to onboarding's clinic step when the form was sent from there."""
    if request.POST.get("from") == "onboarding":
        return redirect("care:onboarding", step=3)
    return redirect(fallback)


@require_GET
def index(request):
    links = list(_links_for(request.user))
    therapists = (
        Membership.objects.filter(
            clinic__in=[link.clinic_id for link in links], role=Membership.Role.THERAPIST
        )
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )
    by_clinic: dict = {}
    for membership in therapists:
        by_clinic.setdefault(membership.clinic_id, []).append(membership.user)
    for link in links:
        on_team = {member.therapist_id for member in link.team.all()}
        member_ids = {user.pk for user in by_clinic.get(link.clinic_id, [])}
        # Someone who left the clinic is no longer on the team, even before cleanup.
        link.current_team = [m for m in link.team.all() if m.therapist_id in member_ids]
        link.candidates = [u for u in by_clinic.get(link.clinic_id, []) if u.pk not in on_team]
        link.consent_form = ConsentForm(instance=link, prefix=str(link.pk))
    memberships = Membership.objects.filter(user=request.user).select_related("clinic")
    return render(
        request,
        "care/index.html",
        {
            "links": links,
            "join_form": JoinByCodeForm(),
            "memberships": memberships,
            "support_invites": access.support_invites_for(request.user).select_related("session"),
        },
    )


JOIN_ATTEMPTS = 10
JOIN_WINDOW = 3600


def _join_key(user) -> str:
    return f"care:join-failures:{user.pk}"


def _too_many_join_attempts(user) -> bool:
    """Clinic codes are short enough to type, so wrong guesses are limited per person."""
    return (cache.get(_join_key(user)) or 0) >= JOIN_ATTEMPTS


@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinByCodeForm(request.POST or None)
    if request.method == "POST" and _too_many_join_attempts(request.user):
        form.is_valid()
        form.errors.clear()
        form.add_error(
            None,
            _("Too many attempts. Please wait an hour, or ask your clinic for an invitation link."),
        )
        return render(request, "care/join.html", {"form": form}, status=429)
    if request.method == "POST" and not form.is_valid():
        cache.add(_join_key(request.user), 0, JOIN_WINDOW)
        cache.incr(_join_key(request.user))
    if request.method == "POST" and form.is_valid():
        link, created = CareLink.objects.get_or_create(patient=request.user, clinic=form.clinic)
        if created:
            messages.success(
                request,
                _(
                    "You joined {clinic}. Choose who is on your care team below. "
                    "Nothing is shared until you share it."
                ).format(clinic=form.clinic.name),
            )
        else:
            messages.info(
                request, _("You are already with {clinic}.").format(clinic=form.clinic.name)
            )
        return _back(request)
    return render(request, "care/join.html", {"form": form})


@require_POST
def team_add(request, link_id):
    link = get_object_or_404(CareLink.objects.filter(patient=request.user), pk=link_id)
    if not request.POST.get("therapist", "").strip():
        messages.error(request, _("Please choose a therapist to add to your care team."))
        return _back(request)
    try:
        therapist_id = uuid.UUID(request.POST.get("therapist", ""))
    except ValueError:
        therapist_id = None
    therapist = User.objects.filter(
        pk=therapist_id,
        memberships__clinic=link.clinic,
        memberships__role=Membership.Role.THERAPIST,
    ).first()
    if therapist is None or therapist.pk == request.user.pk:
        messages.error(request, _("Please choose one of the clinic's therapists."))
        return _back(request)
    try:
        with transaction.atomic():
            CareTeamMember.objects.create(link=link, therapist=therapist)
    except IntegrityError:
        messages.info(
            request, _("{therapist} is already on your care team.").format(therapist=therapist)
        )
        return _back(request)
    access.record_access(
        actor=request.user, patient=request.user, action=AccessEvent.Action.TEAM_ADD
    )
    messages.success(
        request,
        _(
            "{therapist} is on your care team. They see only what you choose to share with them."
        ).format(therapist=therapist),
    )
    return _back(request)


def _my_team_row(user, member_id) -> CareTeamMember:
    return get_object_or_404(
        CareTeamMember.objects.filter(link__patient=user).select_related(
            "therapist", "link__clinic"
        ),
        pk=member_id,
    )


@require_GET
def team_remove_confirm(request, member_id):
    member = _my_team_row(request.user, member_id)
    return render(
        request,
        "care/confirm.html",
        {
            "title": _("Remove {therapist} from your care team?").format(
                therapist=member.therapist
            ),
            "ends": [
                _(
                    "{therapist} will no longer see anything you shared with them through {clinic}."
                ).format(therapist=member.therapist, clinic=member.link.clinic.name),
                _("What you shared stays yours, in your journal."),
            ],
            "action": reverse("care:team_remove", args=[member.pk]),
            "button": _("Remove from my team"),
            "cancel": reverse("care:index"),
        },
    )


@require_POST
def team_remove(request, member_id):
    member = _my_team_row(request.user, member_id)
    therapist = member.therapist
    with transaction.atomic():
        member.delete()
        revoke_unless_still_on_team(patient=request.user, therapist=therapist)
        access.record_access(
            actor=request.user, patient=request.user, action=AccessEvent.Action.TEAM_REMOVE
        )
    elsewhere = [row.link.clinic.name for row in team_for(request.user).filter(therapist=therapist)]
    if elsewhere:
        messages.success(
            request,
            _(
                "{therapist} is no longer on your care team at {clinic}. They are "
                "still on it through {others}, so they still see what you share with them."
            ).format(
                therapist=therapist, clinic=member.link.clinic.name, others=", ".join(elsewhere)
            ),
        )
    else:
        messages.success(
            request,
            _("{therapist} is no longer on your care team. Their access has ended.").format(
                therapist=therapist
            ),
        )
    return redirect("care:index")


@require_POST
def team_usually(request, member_id):
    member = get_object_or_404(
        CareTeamMember.objects.filter(link__patient=request.user), pk=member_id
    )
    member.usually_share = request.POST.get("usually_share") == "on"
    member.save(update_fields=["usually_share"])
    messages.success(request, _("Your sharing default is saved. It only pre-ticks the box."))
    return redirect("care:index")


@require_POST
def consents(request, link_id):
    link = get_object_or_404(CareLink.objects.filter(patient=request.user), pk=link_id)
    was_sharing = link.share_measures
    form = ConsentForm(request.POST, instance=link, prefix=str(link.pk))
    if form.is_valid():
        link = form.save()
        access.record_access(
            actor=request.user, patient=request.user, action=AccessEvent.Action.CONSENT
        )
        text = _("Your choices are saved.")
        if link.share_measures and not was_sharing:
            text += " " + (
                _("Your care team sees your earlier questionnaire results too.")
                if link.measures_shared_since is None
                else _("Your care team sees the questionnaires you answer from now on.")
            )
        elif was_sharing and not link.share_measures:
            text += " " + _(
                "Your care team no longer sees your questionnaires, or any flag on them."
            )
        messages.success(request, text)
    return redirect("care:index")


def _my_link(user, link_id) -> CareLink:
    return get_object_or_404(
        CareLink.objects.filter(patient=user).select_related("clinic"), pk=link_id
    )


@require_GET
def leave_confirm(request, link_id):
    link = _my_link(request.user, link_id)
    return render(
        request,
        "care/confirm.html",
        {
            "title": _("Leave {clinic}?").format(clinic=link.clinic.name),
            "ends": [
                _(
                    "Everyone at {clinic} will no longer see anything you shared with "
                    "them, and your care team there ends."
                ).format(clinic=link.clinic.name),
                _(
                    "Your journal and everything in it stays yours. You can join again later with "
                    "a code or an invitation."
                ),
            ],
            "action": reverse("care:leave", args=[link.pk]),
            "button": _("Leave the clinic"),
            "cancel": reverse("care:index"),
        },
    )


@require_POST
def leave(request, link_id):
    link = _my_link(request.user, link_id)
    therapists = [member.therapist for member in link.team.select_related("therapist")]
    with transaction.atomic():
        link.delete()
        for therapist in therapists:
            revoke_unless_still_on_team(patient=request.user, therapist=therapist)
            access.record_access(
                actor=request.user, patient=request.user, action=AccessEvent.Action.TEAM_REMOVE
            )
    elsewhere = sorted(
        {str(row.therapist) for row in team_for(request.user).filter(therapist__in=therapists)}
    )
    if elsewhere:
        names = _(" and ").join(elsewhere)
        messages.success(
            request,
            ngettext(
                "You left %(clinic)s. %(names)s is still on your care team at another "
                "clinic, so they still see what you share with them.",
                "You left %(clinic)s. %(names)s are still on your care team at another "
                "clinic, so they still see what you share with them.",
                len(elsewhere),
            )
            % {"clinic": link.clinic.name, "names": names},
        )
    else:
        messages.success(
            request,
            _("You left {clinic}. Nobody there sees your journal now.").format(
                clinic=link.clinic.name
            ),
        )
    return redirect("care:index")


@require_GET
def resources(request):
    clinic_ids = list(
        CareLink.objects.filter(patient=request.user).values_list("clinic_id", flat=True)
    ) + list(Membership.objects.filter(user=request.user).values_list("clinic_id", flat=True))
    items = Resource.objects.filter(clinic_id__in=clinic_ids).select_related("clinic")
    groups: dict = {}
    for resource in items:
        groups.setdefault(resource.get_kind_display(), []).append(resource)
    return render(
        request,
        "care/resources.html",
        {"groups": groups, "has_clinic": bool(clinic_ids)},
    )


ACCESS_LOG_PAGE_SIZE = 100

# Each person in a patient's access log, found by skipping along the log's by-person index
# (care_access_by_actor_idx: patient, actor, newest first) from one person to the next, with
# the name their newest event gives them. A query on the index's few entries per person, not a
# scan of the thousands of events a log gathers.
PEOPLE_IN_LOG = """
WITH RECURSIVE person (actor_id) AS (
    SELECT (
        SELECT actor_id FROM care_accessevent
        WHERE patient_id = %s AND actor_id IS NOT NULL ORDER BY actor_id LIMIT 1
    )
    UNION ALL
    SELECT (
        SELECT actor_id FROM care_accessevent
        WHERE patient_id = %s AND actor_id > person.actor_id ORDER BY actor_id LIMIT 1
    )
    FROM person WHERE person.actor_id IS NOT NULL
)
SELECT person.actor_id, (
    SELECT actor_label FROM care_accessevent
    WHERE patient_id = %s AND actor_id = person.actor_id
    ORDER BY at DESC, id DESC LIMIT 1
)
FROM person WHERE person.actor_id IS NOT NULL AND person.actor_id <> %s
"""


def _people_in_log(patient) -> list[tuple[uuid.UUID, str]]:
    """The people other than `patient` who appear in the patient's access log, as (id, name),
    by name (PEOPLE_IN_LOG)."""
    pk = User._meta.pk
    patient_id = pk.get_db_prep_value(patient.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(PEOPLE_IN_LOG, [patient_id] * 4)
        people = [(pk.to_python(actor_id), label) for actor_id, label in cursor.fetchall()]
    return sorted(people, key=lambda person: person[1])


@require_GET
def access_log(request):
    events = AccessEvent.objects.filter(patient=request.user)
    people = _people_in_log(request.user)
    person = request.GET.get("person", "")
    if person == "me":
        events = events.filter(actor=request.user)
    elif person:
        try:
            events = events.filter(actor_id=uuid.UUID(person))
        except ValueError:
            raise Http404 from None
    # Keyset pages (integration_journal/keyset.py): the oldest events cost what the newest do.
    page = keyset_page(
        events.select_related("actor"),
        request.GET,
        size=ACCESS_LOG_PAGE_SIZE,
        time_field="at",
        parse_pk=integer_id,
    )
    # "Dr. X reviewed your answer of <date>": the date of the patient's own answer, read
    # through their own questionnaires (the event itself holds only the answer's id).
    reviewed = {
        event.item_id
        for event in page.object_list
        if event.action == AccessEvent.Action.ACKNOWLEDGE and event.item_type == "response"
    }
    answered = {}
    for pk, created in (
        Response.objects.for_owner(request.user)
        .filter(pk__in=reviewed)
        .values_list("pk", "created")
    ):
        answered[str(pk)] = created
    for event in page.object_list:
        event.answer_date = answered.get(event.item_id) if event.item_id in reviewed else None
    return render(
        request,
        "care/access_log.html",
        {
            "page": page,
            "page_query": f"{urlencode({'person': person})}&" if person else "",
            "people": people,
            "person": person,
            "team": team_for(request.user),
        },
    )
