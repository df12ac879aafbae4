"""`/`: each person's home, chosen by care.access.home_for, and the menu's role switch.

The view sits in care, not in the project package, because choosing a home needs care.access
(the project package is the lowest layer and imports none of the apps)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from care import access
from care.context_processors import HOME_ROLE_KEY
from care.models import CareLink, Onboarding


def _open_onboarding(user) -> Onboarding | None:
    onboarding = Onboarding.objects.filter(user=user).first()
    return onboarding if onboarding is not None and onboarding.is_open else None


@require_GET
@login_not_required
def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "pages/welcome.html")
    role = access.home_for(user, request.session.get(HOME_ROLE_KEY))
    if role == access.THERAPIST_HOME:
        return redirect("care:dashboard")
    if role == access.CLINIC_HOME:
        clinic = access.admin_clinics_of(user).order_by("memberships__created").first()
        return redirect("care:clinic", clinic_id=clinic.pk)
    if role == access.SUPPORT_HOME:
        return redirect("care:support_home")
    onboarding = _open_onboarding(user)
    if onboarding is not None and onboarding.started_at is None:
        # The first home after signing up is the first step; after that, a card resumes it.
        onboarding.started_at = timezone.now()
        onboarding.save(update_fields=["started_at"])
        return redirect("care:onboarding", step=1)
    return render(
        request,
        "home.html",
        {
            "onboarding": onboarding,
            "has_clinic": CareLink.objects.filter(patient=user).exists(),
        },
    )


@require_POST
def switch_role(request):
    role = request.POST.get("role", "")
    if role not in access.roles_of(request.user):
        messages.error(request, _("That view is not one of yours."))
        return redirect("home")
    request.session[HOME_ROLE_KEY] = role
    return redirect("home")
