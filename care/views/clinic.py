"""Clinic administration: settings, members, invitations, resources."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from care import access
from care.forms import ClinicForm, ClinicInviteForm, ResourceForm
from care.models import (
    CareLink,
    CareTeamMember,
    Clinic,
    ClinicInvite,
    Membership,
    Resource,
)
from care.sessions import became_staff
from care.sharing import revoke_unless_still_on_team
from care.views.invitations import email_invitation, open_invitation
from integration_journal.templatetags.dates import moment

ADMIN = Membership.Role.ADMIN


def _member_clinic(user, clinic_id) -> Clinic:
    return get_object_or_404(access.clinics_of(user), pk=clinic_id)


def _admin_clinic(user, clinic_id) -> Clinic:
    return get_object_or_404(access.admin_clinics_of(user), pk=clinic_id)


@require_http_methods(["GET", "POST"])
def clinic_new(request):
    form = ClinicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            clinic = form.save()
            Membership.objects.create(clinic=clinic, user=request.user, role=ADMIN)
        became_staff(request)
        messages.success(
            request, _("{clinic} is ready. Invite your therapists next.").format(clinic=clinic.name)
        )
        return redirect("care:clinic", clinic_id=clinic.pk)
    return render(request, "care/clinic_form.html", {"form": form, "creating": True})


def _clinic_page(request, clinic, invite_form=None, status=200):
    me = request.user
    is_admin = access.is_clinic_admin(me, clinic)
    context = {
        "clinic": clinic,
        "is_admin": is_admin,
        "members": clinic.memberships.select_related("user").order_by("role", "user__email"),
        "resources": clinic.resources.all(),
    }
    if is_admin:
        context.update(
            invite_form=invite_form or ClinicInviteForm(),
            invites=clinic.invites.select_related("invited_by", "used_by"),
            report_patients=access.report_patients_for(me)
            .filter(care_links__clinic=clinic)
            .order_by("display_name", "email"),
            patient_count=CareLink.objects.filter(clinic=clinic).count(),
        )
    return render(request, "care/clinic.html", context, status=status)


@require_GET
@access.staff_mfa_required
def clinic(request, clinic_id):
    return _clinic_page(request, _member_clinic(request.user, clinic_id))


@require_http_methods(["GET", "POST"])
@access.staff_mfa_required
def clinic_edit(request, clinic_id):
    clinic = _admin_clinic(request.user, clinic_id)
    form = ClinicForm(request.POST or None, instance=clinic)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The clinic's details are saved."))
        return redirect("care:clinic", clinic_id=clinic.pk)
    return render(request, "care/clinic_form.html", {"form": form, "clinic": clinic})


@require_POST
@access.staff_mfa_required
def clinic_invite(request, clinic_id):
    clinic = _admin_clinic(request.user, clinic_id)
    form = ClinicInviteForm(request.POST)
    if not form.is_valid():
        return _clinic_page(request, clinic, invite_form=form, status=400)
    invite, token = ClinicInvite.issue(
        clinic=clinic,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        invited_by=request.user,
    )
    _email_clinic_invite(request, invite, token)
    messages.success(
        request,
        _("We are sending an invitation to {email}. It works once, for 7 days.").format(
            email=invite.email
        ),
    )
    return redirect("care:clinic", clinic_id=clinic.pk)


def _email_clinic_invite(request, invite, token) -> None:
    email_invitation(
        request,
        invite,
        token,
        link_to="care:invite",
        subject=_("Invitation to {clinic}").format(clinic=invite.clinic.name),
        template="care/email/clinic_invite.txt",
        context={"inviter": request.user},
    )


@require_POST
@access.staff_mfa_required
def invite_resend(request, clinic_id, invite_id):
    """A new link for a pending or expired invitation; the old link stops working."""
    clinic = _admin_clinic(request.user, clinic_id)
    with transaction.atomic():
        invite = get_object_or_404(clinic.invites.select_for_update(), pk=invite_id)
        if not invite.can_resend:
            messages.error(
                request,
                (
                    _(
                        "The invitation to {email} was accepted: it cannot be sent again. "
                        "Invite them anew if you need to."
                    )
                    if invite.status == "accepted"
                    else _(
                        "The invitation to {email} was withdrawn: it cannot be sent again. "
                        "Invite them anew if you need to."
                    )
                ).format(email=invite.email),
            )
            return redirect("care:clinic", clinic_id=clinic.pk)
        token = invite.renew()
        _email_clinic_invite(request, invite, token)
    messages.success(
        request,
        _(
            "We are sending a new invitation to {email}. The new link works until "
            "{moment}; the earlier one no longer works."
        ).format(email=invite.email, moment=moment(invite.expires)),
    )
    return redirect("care:clinic", clinic_id=clinic.pk)


@require_POST
@access.staff_mfa_required
def invite_withdraw(request, clinic_id, invite_id):
    clinic = _admin_clinic(request.user, clinic_id)
    invite = get_object_or_404(clinic.invites.all(), pk=invite_id)
    if invite.withdrawn_at is None and invite.used_at is None:
        invite.withdrawn_at = timezone.now()
        invite.save(update_fields=["withdrawn_at"])
    messages.success(
        request, _("The invitation to {email} no longer works.").format(email=invite.email)
    )
    return redirect("care:clinic", clinic_id=clinic.pk)


@require_GET
@access.staff_mfa_required
def member_remove_confirm(request, clinic_id, membership_id):
    clinic = _admin_clinic(request.user, clinic_id)
    membership = get_object_or_404(clinic.memberships.select_related("user"), pk=membership_id)
    patients = CareTeamMember.objects.filter(link__clinic=clinic, therapist=membership.user)
    count = patients.values("link__patient").distinct().count()
    ends = [
        _("{user} will no longer be a {role} at {clinic}.").format(
            user=membership.user, role=membership.get_role_display().lower(), clinic=clinic.name
        )
    ]
    if count:
        ends.append(
            ngettext(
                "They leave the care team of %(count)s patient here and no longer "
                "see anything those patients shared with them through this clinic.",
                "They leave the care team of %(count)s patients here and no longer "
                "see anything those patients shared with them through this clinic.",
                count,
            )
            % {"count": count}
        )
    ends.append(_("What patients shared stays theirs. Nothing is deleted from their journals."))
    return render(
        request,
        "care/confirm.html",
        {
            "title": _("Remove {user} from {clinic}?").format(
                user=membership.user, clinic=clinic.name
            ),
            "ends": ends,
            "action": reverse("care:member_remove", args=[clinic.pk, membership.pk]),
            "button": _("Remove from the clinic"),
            "cancel": reverse("care:clinic", args=[clinic.pk]),
        },
    )


@require_POST
@access.staff_mfa_required
def member_remove(request, clinic_id, membership_id):
    clinic = _admin_clinic(request.user, clinic_id)
    membership = get_object_or_404(clinic.memberships.select_related("user"), pk=membership_id)
    if membership.role == ADMIN and clinic.memberships.filter(role=ADMIN).count() == 1:
        messages.error(request, _("A clinic needs at least one admin. Invite another admin first."))
        return redirect("care:clinic", clinic_id=clinic.pk)
    with transaction.atomic():
        team_rows = list(
            CareTeamMember.objects.filter(
                link__clinic=clinic, therapist=membership.user
            ).select_related("link__patient")
        )
        CareTeamMember.objects.filter(pk__in=[row.pk for row in team_rows]).delete()
        membership.delete()
        for row in team_rows:
            # Only what this clinic allowed ends: the patient may have them on a team elsewhere.
            revoke_unless_still_on_team(patient=row.link.patient, therapist=membership.user)
            access.record_access(
                actor=request.user,
                patient=row.link.patient,
                action=access.AccessEvent.Action.TEAM_REMOVE,
            )
    messages.success(
        request,
        _("{user} is no longer a member. Their access has ended.").format(user=membership.user),
    )
    if membership.user_id == request.user.pk:
        return redirect("care:index")
    return redirect("care:clinic", clinic_id=clinic.pk)


# Invitations are opened from an email, possibly before the person has an account.


@require_GET
@login_not_required
@open_invitation(ClinicInvite.objects.select_related("clinic"))
def invite(request, invite, token):
    wrong_person = request.user.is_authenticated and not invite.is_addressed_to(request.user)
    return render(
        request,
        "care/invite.html",
        {"invite": invite, "token": token, "wrong_person": wrong_person},
    )


@require_POST
@open_invitation(ClinicInvite.objects.select_related("clinic"), lock=True)
def invite_accept(request, invite, token):
    if not invite.is_addressed_to(request.user):
        return redirect("care:invite", token=token)
    invite.accept(request.user)
    clinic = invite.clinic
    if invite.role == ClinicInvite.Role.PATIENT:
        CareLink.objects.get_or_create(patient=request.user, clinic=clinic)
        messages.success(
            request,
            _(
                "You joined {clinic}. Choose who is on your care team. "
                "Nothing is shared until you share it."
            ).format(clinic=clinic.name),
        )
        return redirect("care:index")
    membership, created = Membership.objects.get_or_create(
        clinic=clinic, user=request.user, defaults={"role": invite.role}
    )
    if not created and membership.role != invite.role:
        membership.role = invite.role
        membership.save(update_fields=["role"])
    became_staff(request)
    messages.success(request, _("Welcome to {clinic}.").format(clinic=clinic.name))
    return redirect("care:clinic", clinic_id=clinic.pk)


# Resources


@require_http_methods(["GET", "POST"])
@access.staff_mfa_required
def resource_new(request, clinic_id):
    clinic = _admin_clinic(request.user, clinic_id)
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resource = form.save(commit=False)
        resource.clinic = clinic
        resource.save()
        messages.success(request, _("“{title}” is in the directory.").format(title=resource.title))
        return redirect("care:clinic", clinic_id=clinic.pk)
    return render(request, "care/resource_form.html", {"form": form, "clinic": clinic})


@require_http_methods(["GET", "POST"])
@access.staff_mfa_required
def resource_edit(request, clinic_id, resource_id):
    clinic = _admin_clinic(request.user, clinic_id)
    resource = get_object_or_404(Resource.objects.filter(clinic=clinic), pk=resource_id)
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The resource is saved."))
        return redirect("care:clinic", clinic_id=clinic.pk)
    return render(
        request,
        "care/resource_form.html",
        {"form": form, "clinic": clinic, "resource": resource},
    )


@require_GET
@access.staff_mfa_required
def resource_delete_confirm(request, clinic_id, resource_id):
    clinic = _admin_clinic(request.user, clinic_id)
    resource = get_object_or_404(Resource.objects.filter(clinic=clinic), pk=resource_id)
    return render(
        request,
        "care/confirm.html",
        {
            "title": _("Remove “{title}” from the directory?").format(title=resource.title),
            "ends": [
                _("Patients and staff of {clinic} will no longer find it under Resources.").format(
                    clinic=clinic.name
                ),
                _("You can add it again later."),
            ],
            "action": reverse("care:resource_delete", args=[clinic.pk, resource.pk]),
            "button": _("Remove the resource"),
            "cancel": reverse("care:clinic", args=[clinic.pk]),
        },
    )


@require_POST
@access.staff_mfa_required
def resource_delete(request, clinic_id, resource_id):
    clinic = _admin_clinic(request.user, clinic_id)
    resource = get_object_or_404(Resource.objects.filter(clinic=clinic), pk=resource_id)
    resource.delete()
    messages.success(
        request, _("“{title}” was removed from the directory.").format(title=resource.title)
    )
    return redirect("care:clinic", clinic_id=clinic.pk)
