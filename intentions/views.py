"""Intentions: the goals a patient writes before treatment, acts on and revisits. Owner only."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integration_journal.markdown import render_markdown
from intentions.charts import progress_chart
from intentions.forms import ActionForm, IntentionForm, ReviewForm, StatusForm
from intentions.models import Action, Intention

EXAMPLE = {
    "title": gettext_lazy("Feel at ease around my family"),
    "success_looks_like": gettext_lazy(
        "I sit through Sunday dinner without my chest tightening, and I stay "
        "for dessert because I want to."
    ),
    "troubles_most": gettext_lazy(
        "The dread in the days before a visit, and replaying every conversation afterwards."
    ),
    "replace_with": gettext_lazy(
        "Curiosity about what they say, and letting a conversation end when it ends."
    ),
    "why_it_matters": gettext_lazy(
        "I want my children to know their grandparents without my tension in the room."
    ),
}


def _intention(request, pk):
    return get_object_or_404(Intention.objects.for_owner(request.user), pk=pk)


def _action(request, pk):
    return get_object_or_404(
        Action.objects.filter(intention__owner=request.user, intention__deleted_at__isnull=True),
        pk=pk,
    )


@require_GET
def intention_list(request):
    open_actions = Action.objects.filter(done_at__isnull=True).order_by("order", "created")
    intentions = (
        Intention.objects.for_owner(request.user)
        .annotate(
            action_count=Count("actions", distinct=True),
            done_count=Count("actions", filter=Q(actions__done_at__isnull=False), distinct=True),
            last_review=Max("reviews__created"),
        )
        .prefetch_related(Prefetch("actions", queryset=open_actions, to_attr="open_actions"))
    )
    groups = {status: [] for status in Intention.Status.values}
    for intention in intentions:
        groups[intention.status].append(intention)
    return render(
        request,
        "intentions/intention_list.html",
        {
            "active": groups[Intention.Status.ACTIVE],
            "achieved": groups[Intention.Status.ACHIEVED],
            "released": groups[Intention.Status.RELEASED],
            "example": EXAMPLE,
        },
    )


@require_GET
def intention_detail(request, pk):
    return _detail_page(request, _intention(request, pk))


def _form_page(request, form, intention=None):
    return render(
        request,
        "intentions/intention_form.html",
        {"form": form, "intention": intention, "example": EXAMPLE, "next": _safe_next(request)},
    )


@require_http_methods(["GET", "POST"])
def intention_create(request):
    form = IntentionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        intention = form.save(commit=False)
        intention.owner = request.user
        last = Intention.objects.for_owner(request.user).aggregate(Max("order"))["order__max"]
        intention.order = (last or 0) + 1
        intention.render_texts()
        intention.save()
        if form.short_success_hint():
            messages.info(
                request,
                _(
                    "Saved. When you have a moment, try adding detail to “what success would look "
                    "like”: a concrete picture makes it easier to notice change."
                ),
            )
        else:
            messages.success(
                request, _("Your intention is saved. Add a first concrete step below.")
            )
        if _safe_next(request):
            return redirect(_safe_next(request))
        return redirect("intentions:detail", pk=intention.pk)
    return _form_page(request, form)


def _safe_next(request) -> str:
    """A page of this site to return to after creating (e.g. the patient's onboarding)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def intention_edit(request, pk):
    intention = _intention(request, pk)
    form = IntentionForm(request.POST or None, instance=intention)
    if request.method == "POST" and form.is_valid():
        intention = form.save(commit=False)
        intention.render_texts()
        intention.save()
        messages.success(request, _("Your changes are saved."))
        return redirect("intentions:detail", pk=intention.pk)
    return _form_page(request, form, intention)


@require_http_methods(["GET", "POST"])
def intention_delete(request, pk):
    intention = _intention(request, pk)
    if request.method == "POST":
        Intention.objects.filter(pk=intention.pk).update(deleted_at=timezone.now())
        messages.success(
            request, _("The intention is in the trash; you can restore it for 30 days.")
        )
        return redirect("intentions:list")
    return render(request, "intentions/intention_confirm_delete.html", {"intention": intention})


@require_POST
def intention_status(request, pk):
    intention = _intention(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        intention.set_status(form.cleaned_data["status"])
        intention.save(update_fields=["status", "status_changed_at", "updated"])
        messages.success(
            request,
            _("Marked as “{status}”.").format(status=intention.get_status_display().lower()),
        )
    else:
        messages.error(request, _("Choose one of the statuses."))
    return redirect("intentions:detail", pk=intention.pk)


def _move(item, siblings: list, direction: str) -> None:
    """Swap `item` with its neighbour in `siblings` and renumber their `order`."""
    if direction not in ("up", "down"):
        raise Http404
    index = siblings.index(item)
    other = index + {"up": -1, "down": 1}[direction]
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        with transaction.atomic():
            for position, sibling in enumerate(siblings):
                if sibling.order != position:
                    type(sibling).objects.filter(pk=sibling.pk).update(order=position)


@require_POST
def intention_move(request, pk, direction):
    """Move an intention up or down among the owner's intentions of the same status."""
    intention = _intention(request, pk)
    siblings = Intention.objects.for_owner(request.user).filter(status=intention.status)
    _move(intention, list(siblings), direction)
    return redirect("intentions:list")


# --- actions -----------------------------------------------------------------------------------


@require_POST
def action_add(request, pk):
    intention = _intention(request, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        last = intention.actions.aggregate(Max("order"))["order__max"]
        Action.objects.create(
            intention=intention, text=form.cleaned_data["text"], order=(last or 0) + 1
        )
        return redirect("intentions:detail", pk=intention.pk)
    return _detail_page(request, intention, action_form=form)


@require_POST
def action_toggle(request, pk):
    action = _action(request, pk)
    action.done_at = None if action.done_at else timezone.now()
    action.save(update_fields=["done_at"])
    return redirect("intentions:detail", pk=action.intention_id)


@require_POST
def action_move(request, pk, direction):
    action = _action(request, pk)
    _move(action, list(action.intention.actions.all()), direction)
    return redirect("intentions:detail", pk=action.intention_id)


@require_POST
def action_remove(request, pk):
    action = _action(request, pk)
    action.delete()
    messages.success(request, _("The step is removed."))
    return redirect("intentions:detail", pk=action.intention_id)


# --- reviews -----------------------------------------------------------------------------------


@require_POST
def review_add(request, pk):
    intention = _intention(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        review = form.save(commit=False)
        review.intention = intention
        review.note_html = render_markdown(review.note)
        review.save()
        messages.success(request, _("Your review is saved."))
        return redirect("intentions:detail", pk=intention.pk)
    return _detail_page(request, intention, review_form=form)


def _detail_page(request, intention, **forms):
    """The intention page; `forms` replaces a blank form with one that has errors."""
    reviews = list(intention.reviews.all())
    context = {
        "intention": intention,
        "actions": list(intention.actions.all()),
        "reviews": reviews,
        "chart": progress_chart(intention, reviews),
        "action_form": ActionForm(),
        "review_form": ReviewForm(),
        "status_form": StatusForm(initial={"status": intention.status}),
        "entries": intention.entries.filter(deleted_at__isnull=True).order_by(
            "-happened_at", "-pk"
        )[:10],
        "sessions": intention.treatment_sessions.order_by("-date")[:10],
        **forms,
    }
    return render(request, "intentions/intention_detail.html", context)
