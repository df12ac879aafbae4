"""PHQ-9 and GAD-7: take a questionnaire, see the result, history. The result's safety response
(crisis resources, who sees the flag) is the care app's `{% safety_panel %}`."""

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from journal.models import TreatmentSession
from measures.charts import questionnaire_chart
from measures.forms import QuestionnaireForm
from measures.instruments import INSTRUMENTS, MEANINGFUL_CHANGE, score_response
from measures.models import Response

REMIND_AFTER_DAYS = 14
SUGGEST_BEFORE_DAYS = 3


def _instrument(code: str):
    spec = INSTRUMENTS.get(code)
    if spec is None:
        raise Http404
    return spec


def reminder_due(user) -> str:
    """Which reminder is due: "first" before any questionnaire is answered, "again" when none was
    in the last 14 days, otherwise ""."""
    last = Response.objects.for_owner(user).order_by("-created").values_list("created").first()
    if last is None:
        return "first"
    return "again" if last[0] < timezone.now() - dt.timedelta(days=REMIND_AFTER_DAYS) else ""


def suggestion(user) -> TreatmentSession | None:
    """An upcoming session (within 3 days) with no questionnaire since the last session."""
    now = timezone.now()
    upcoming = (
        TreatmentSession.objects.for_owner(user)
        .filter(date__gte=now, date__lte=now + dt.timedelta(days=SUGGEST_BEFORE_DAYS))
        .order_by("date")
        .first()
    )
    if upcoming is None:
        return None
    last = TreatmentSession.objects.for_owner(user).filter(date__lt=now).order_by("-date").first()
    since = last.date if last else now - dt.timedelta(days=REMIND_AFTER_DAYS)
    answered = Response.objects.for_owner(user).filter(created__gte=since).exists()
    return None if answered else upcoming


@require_GET
def index(request):
    latest = {}
    for response in Response.objects.for_owner(request.user).order_by("instrument", "-created"):
        latest.setdefault(response.instrument, response)
    return render(
        request,
        "measures/index.html",
        {
            "instruments": [(spec, latest.get(code)) for code, spec in INSTRUMENTS.items()],
            "reminder": reminder_due(request.user),
            "upcoming": suggestion(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def take(request, instrument):
    spec = _instrument(instrument)
    form = QuestionnaireForm(request.POST or None, instrument=spec)
    if request.method == "POST" and form.is_valid():
        response = Response.objects.create(
            owner=request.user, **score_response(spec.code, form.answers())
        )
        return redirect("measures:result", pk=response.pk)
    return render(request, "measures/take.html", {"form": form, "spec": spec})


def change_in_words(change: int | None) -> str:
    """The change in words ("1 point lower", "6 points higher"); empty for none."""
    if not change:
        return ""
    if change < 0:
        text = ngettext("%(n)d point lower", "%(n)d points lower", -change)
    else:
        text = ngettext("%(n)d point higher", "%(n)d points higher", change)
    return text % {"n": abs(change)}


@require_GET
def result(request, pk):
    response = get_object_or_404(Response.objects.for_owner(request.user), pk=pk)
    first = (
        Response.objects.for_owner(request.user)
        .filter(instrument=response.instrument)
        .order_by("created")
        .first()
    )
    change = response.total - first.total if first and first.pk != response.pk else None
    return render(
        request,
        "measures/result.html",
        {
            "response": response,
            "spec": response.spec,
            "change": change,
            "change_words": change_in_words(change),
            "meaningful": MEANINGFUL_CHANGE.get(response.instrument),
        },
    )


@require_GET
def history(request, instrument):
    spec = _instrument(instrument)
    responses = list(
        Response.objects.for_owner(request.user).filter(instrument=spec.code).order_by("created")
    )
    sessions = TreatmentSession.objects.for_owner(request.user).order_by("date")
    change = responses[-1].total - responses[0].total if len(responses) > 1 else None
    return render(
        request,
        "measures/history.html",
        {
            "spec": spec,
            "responses": list(reversed(responses)),
            "chart": questionnaire_chart(spec, responses, sessions=sessions),
            "change": change,
            "change_words": change_in_words(change),
            "meaningful": MEANINGFUL_CHANGE.get(spec.code),
        },
    )
