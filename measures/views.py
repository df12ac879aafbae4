"""The questionnaires: take one, see the result, history, and choose which to track. The
result's safety response (crisis resources, who sees the flag) is the care app's
`{% safety_panel %}`; a clinic's suggested set is the care app's `{% clinic_measures %}`."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal.models import TreatmentSession
from measures.charts import HISTORY_WINDOW_DAYS, questionnaire_chart
from measures.forms import QuestionnaireForm, TrackedForm
from measures.instruments import INSTRUMENTS, MEAN, Instrument, score_response
from measures.models import Response, TrackedMeasures, tracked_codes
from measures.suggest import reminder_due, suggestion


def _instrument(code: str):
    spec = INSTRUMENTS.get(code)
    if spec is None:
        raise Http404
    return spec


@require_GET
def index(request):
    latest = {}
    for response in Response.objects.for_owner(request.user).order_by("instrument", "-created"):
        latest.setdefault(response.instrument, response)
    tracked = tracked_codes(request.user)
    rows = [(spec, latest.get(code)) for code, spec in INSTRUMENTS.items()]
    return render(
        request,
        "measures/index.html",
        {
            "tracked_rows": [row for row in rows if row[0].code in tracked],
            "other_rows": [row for row in rows if row[0].code not in tracked],
            "tracked_form": TrackedForm(initial={"tracked": tracked}),
            "reminder": reminder_due(request.user),
            "upcoming": suggestion(request.user),
        },
    )


@require_POST
def tracked(request):
    """Save the questionnaires the person tracks. The clinic's suggestion (a form of the care
    app's `{% clinic_measures %}`) posts here too: accepting sends its set as `tracked`,
    declining sends `keep`; either way `suggested` records the set, so it is not offered again."""
    form = TrackedForm(request.POST)
    suggested = TrackedForm({"tracked": request.POST.getlist("suggested")})
    if not form.is_valid() or not suggested.is_valid():
        messages.error(request, gettext("Please choose from the questionnaires listed."))
        return redirect("measures:index")
    row, _ = TrackedMeasures.objects.get_or_create(
        owner=request.user, defaults={"codes": tracked_codes(request.user)}
    )
    if "keep" not in request.POST:
        row.codes = [code for code in INSTRUMENTS if code in form.cleaned_data["tracked"]]
    if suggested.cleaned_data["tracked"]:
        row.suggestion_answered = sorted(suggested.cleaned_data["tracked"])
    row.updated = timezone.now()
    row.save()
    if "keep" in request.POST:
        messages.success(request, gettext("Kept your own choice of questionnaires."))
    elif row.codes:
        names = ", ".join(INSTRUMENTS[code].short_name for code in row.codes)
        messages.success(request, gettext("You now track: %(names)s.") % {"names": names})
    else:
        messages.success(
            request, gettext("You track no questionnaire now; none will be suggested.")
        )
    return redirect("measures:index")


@require_http_methods(["GET", "POST"])
def take(request, instrument):
    spec = _instrument(instrument)
    form = QuestionnaireForm(request.POST or None, instrument=spec)
    if request.method == "POST" and form.is_valid():
        response = Response.objects.create(
            owner=request.user, **score_response(spec.code, form.answers())
        )
        return redirect("measures:result", pk=response.pk)
    items = [
        (field, spec.anchors[index] if spec.anchors else None) for index, field in enumerate(form)
    ]
    return render(request, "measures/take.html", {"form": form, "spec": spec, "items": items})


def change_in_words(change, spec: Instrument | None = None, first=None) -> str:
    """The change in words ("1 point lower", "6 points higher"; for the PEG's mean also the
    share of the first score, "1.5 points lower (30 % less)"); empty for none."""
    if not change:
        return ""
    amount = abs(change)
    shown = f"{amount:g}" if isinstance(amount, int) else f"{amount:.1f}"
    count = 1 if amount == 1 else 2
    if change < 0:
        text = ngettext("%(n)s point lower", "%(n)s points lower", count)
    else:
        text = ngettext("%(n)s point higher", "%(n)s points higher", count)
    text = text % {"n": shown}
    if spec is not None and spec.scoring == MEAN and first:
        share = round(Decimal(100) * amount / Decimal(first))
        text += " " + (
            gettext("(%(share)s %% less)") if change < 0 else gettext("(%(share)s %% more)")
        ) % {"share": share}
    return text


@require_GET
def result(request, pk):
    response = get_object_or_404(Response.objects.for_owner(request.user), pk=pk)
    first = (
        Response.objects.for_owner(request.user)
        .filter(instrument=response.instrument)
        .order_by("created")
        .first()
    )
    change = response.score - first.score if first and first.pk != response.pk else None
    return render(
        request,
        "measures/result.html",
        {
            "response": response,
            "spec": response.spec,
            "change": change,
            "change_words": change_in_words(change, response.spec, first.score if first else None),
        },
    )


@require_GET
def history(request, instrument):
    spec = _instrument(instrument)
    mine = Response.objects.for_owner(request.user).filter(instrument=spec.code)
    everything = request.GET.get("period") == "all"
    since = timezone.now() - dt.timedelta(days=HISTORY_WINDOW_DAYS)
    shown = mine if everything else mine.filter(created__gte=since)
    responses = list(shown.order_by("created"))
    first = mine.order_by("created").first()  # the change counts from the first answer ever
    older = first is not None and first.created < since  # answers before the chart's year
    earlier = older and not everything
    sessions = TreatmentSession.objects.for_owner(request.user).order_by("date")
    if not everything:
        sessions = sessions.filter(date__gte=since)
    change = responses[-1].score - first.score if responses and first != responses[-1] else None
    return render(
        request,
        "measures/history.html",
        {
            "spec": spec,
            "responses": list(reversed(responses)),
            "chart": questionnaire_chart(spec, responses, sessions=sessions),
            "everything": everything and older,
            "earlier": earlier,
            "change": change,
            "change_words": change_in_words(change, spec, first.score if first else None),
        },
    )
