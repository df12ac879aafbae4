"""A new patient's first steps: five server-rendered pages, each skippable ("Skip for now"
goes home, where a card resumes), ended for good by finishing or dismissing."""

from django.contrib import messages
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from care.forms import JoinByCodeForm, NextSessionForm
from care.models import Onboarding
from care.views.patient import _links_for, team_candidates
from journal.models import TreatmentSession

STEP_TITLES = {
    1: gettext_lazy("What this app is, and what it is not"),
    2: gettext_lazy("Who sees what"),
    3: gettext_lazy("Your clinic and care team"),
    4: gettext_lazy("A first intention"),
    5: gettext_lazy("Your next session"),
}


def _onboarding(user) -> Onboarding:
    # Only people who have an onboarding (signed up since it exists) see its pages.
    return get_object_or_404(Onboarding.objects.filter(user=user))


@require_http_methods(["GET", "POST"])
def step(request, step):
    if step not in STEP_TITLES:
        raise Http404
    onboarding = _onboarding(request.user)
    context = {"step": step, "steps": Onboarding.STEPS, "title": STEP_TITLES[step]}
    status = 200
    if step == 5:
        form = NextSessionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            last = TreatmentSession.objects.filter(owner=request.user).aggregate(Max("number"))
            TreatmentSession.objects.create(
                owner=request.user,
                number=(last["number__max"] or 0) + 1,
                date=form.cleaned_data["date"],
            )
            return _finish(
                request, onboarding, gettext_lazy("Your next session is in your journal.")
            )
        status = 400 if form.errors else 200
        context["form"] = form
    elif request.method == "POST":
        return redirect("care:onboarding", step=step)
    if step == 3:
        links = list(_links_for(request.user))
        for link in links:
            link.candidates = team_candidates(link)
        context.update(links=links, join_form=JoinByCodeForm())
    if step == 4:
        context["intention_url"] = (
            reverse("intentions:create") + "?next=" + reverse("care:onboarding", args=[5])
        )
    if onboarding.step != step and onboarding.is_open:
        onboarding.step = step
        onboarding.save(update_fields=["step"])
    return render(request, "care/onboarding.html", context, status=status)


def _finish(request, onboarding, message):
    onboarding.finished_at = timezone.now()
    onboarding.save(update_fields=["finished_at"])
    messages.success(
        request, _("{message} You are all set. Take your time.").format(message=message)
    )
    return redirect("home")


@require_POST
def finish(request):
    return _finish(request, _onboarding(request.user), gettext_lazy("Setup is done."))


@require_POST
def dismiss(request):
    onboarding = _onboarding(request.user)
    if onboarding.is_open:
        onboarding.dismissed_at = timezone.now()
        onboarding.save(update_fields=["dismissed_at"])
    messages.info(request, gettext_lazy("Setup is hidden. Everything it offers is in the menu."))
    return redirect("home")
