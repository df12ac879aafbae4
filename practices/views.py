"""Integration practices and daily check-ins. Owner only."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integration_journal.charts import Marker, Series, line_chart
from journal.models import TreatmentSession
from practices.catalogue import ensure_catalogue
from practices.forms import CheckInForm, ChooseForm, TimerLogForm, parse_day
from practices.models import CheckIn, Practice, PracticeChoice, PracticeLog

HEATMAP_WEEKS = 12
TREND_DAYS = 90


def chosen_practices(user):
    chosen = Practice.objects.filter(choices__owner=user)
    return chosen if chosen.exists() else Practice.objects.available_to(user)


def heat_map(user, *, today: dt.date, weeks: int = HEATMAP_WEEKS) -> dict:
    """Days with practices over the last `weeks` weeks, as weeks × weekdays (one query)."""
    start = today - dt.timedelta(days=today.weekday() + 7 * (weeks - 1))
    counts = dict(
        PracticeLog.objects.filter(check_in__owner=user, check_in__date__gte=start)
        .values_list("check_in__date")
        .annotate(n=Count("id"))
    )
    top = max(counts.values(), default=0)
    columns = []
    for week in range(weeks):
        days = []
        for weekday in range(7):
            day = start + dt.timedelta(days=7 * week + weekday)
            count = counts.get(day, 0)
            level = 0 if not count else max(1, min(4, round(4 * count / max(top, 1))))
            days.append({"date": day, "count": count, "level": level, "future": day > today})
        columns.append(days)
    rows = [[columns[w][d] for w in range(weeks)] for d in range(7)]
    return {
        "rows": rows,
        "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "week_starts": [columns[w][0]["date"] for w in range(weeks)],
        "active_days": sum(1 for c in counts.values() if c),
    }


def practice_counts(user, *, today: dt.date) -> list[dict]:
    """Per practice: days done in the last 7, 30 and 90 days (one aggregated query)."""
    windows = {n: today - dt.timedelta(days=n - 1) for n in (7, 30, 90)}
    rows = (
        PracticeLog.objects.filter(check_in__owner=user, check_in__date__gte=windows[90])
        .values("practice__name")
        .annotate(
            **{
                f"d{n}": Count("id", filter=Q(check_in__date__gte=start))
                for n, start in windows.items()
            }
        )
        .order_by("-d30", "practice__name")
    )
    return list(rows)


def mood_sleep_charts(user, *, today: dt.date):
    start = today - dt.timedelta(days=TREND_DAYS)
    check_ins = list(
        CheckIn.objects.for_owner(user)
        .filter(date__gte=start)
        .order_by("date")
        .values("date", "mood", "sleep_hours")
    )
    sessions = TreatmentSession.objects.for_owner(user).filter(date__date__gte=start)
    markers = [Marker(s.date, f"Session {s.number}") for s in sessions]
    mood = line_chart(
        [Series("Mood", [(c["date"], c["mood"]) for c in check_ins if c["mood"] is not None])],
        y_min=0, y_max=10, y_step=2, title="Mood over the last 90 days", markers=markers,
    )  # fmt: skip
    slept = [(c["date"], c["sleep_hours"]) for c in check_ins if c["sleep_hours"] is not None]
    sleep = line_chart(
        [Series("Sleep (hours)", slept)],
        y_min=0, y_max=12, y_step=2, title="Sleep over the last 90 days", markers=markers,
    )  # fmt: skip
    return mood, sleep


@require_GET
def overview(request):
    today = timezone.localdate()
    mood, sleep = mood_sleep_charts(request.user, today=today)
    return render(
        request,
        "practices/overview.html",
        {
            "today_check_in": CheckIn.objects.for_owner(request.user).filter(date=today).first(),
            "heat": heat_map(request.user, today=today),
            "counts": practice_counts(request.user, today=today),
            "mood_chart": mood,
            "sleep_chart": sleep,
            "chosen": Practice.objects.filter(choices__owner=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def check_in(request):
    try:
        day = parse_day(request.GET.get("date"))
    except forms.ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("practices:check_in")
    existing = (
        CheckIn.objects.for_owner(request.user).filter(date=day).prefetch_related("logs").first()
    )
    logged = {log.practice_id: log.minutes for log in existing.logs.all()} if existing else {}
    practices = list(chosen_practices(request.user))
    extra = Practice.objects.filter(pk__in=logged).exclude(pk__in=[p.pk for p in practices])
    practices += list(extra)
    initial = (
        {"mood": existing.mood, "sleep_hours": existing.sleep_hours, "note": existing.note}
        if existing
        else {}
    )
    form = CheckInForm(request.POST or None, practices=practices, logged=logged, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record, _ = CheckIn.objects.update_or_create(
                owner=request.user,
                date=day,
                defaults={
                    "mood": form.cleaned_data["mood"],
                    "sleep_hours": form.cleaned_data["sleep_hours"],
                    "note": form.cleaned_data["note"],
                },
            )
            done = form.done()
            record.logs.exclude(practice__in=list(done)).delete()
            for practice, minutes in done.items():
                PracticeLog.objects.update_or_create(
                    check_in=record, practice=practice, defaults={"minutes": minutes}
                )
        messages.success(request, "Your check-in is saved. Thank you for taking a moment.")
        return redirect("practices:overview")
    return render(
        request,
        "practices/check_in.html",
        {
            "form": form,
            "day": day,
            "existing": existing,
            "is_today": day == timezone.localdate(),
            "yesterday": day - dt.timedelta(days=1),
            "tomorrow": day + dt.timedelta(days=1) if day < timezone.localdate() else None,
        },
    )


@require_http_methods(["GET", "POST"])
def choose(request):
    current = Practice.objects.filter(choices__owner=request.user)
    form = ChooseForm(request.POST or None, owner=request.user, initial={"chosen": current})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            chosen = set(form.cleaned_data["chosen"])
            name = form.cleaned_data["new_practice"]
            if name:
                chosen.add(Practice.objects.create(owner=request.user, name=name))
            PracticeChoice.objects.filter(owner=request.user).exclude(practice__in=chosen).delete()
            for practice in chosen:
                PracticeChoice.objects.get_or_create(owner=request.user, practice=practice)
        messages.success(request, "Your practices are saved.")
        return redirect("practices:overview")
    return render(request, "practices/choose.html", {"form": form})


@require_GET
def timer(request):
    return render(request, "practices/timer.html", {"choices": [3, 5, 10, 15, 20, 30]})


@require_POST
def timer_log(request):
    form = TimerLogForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The sit could not be logged: minutes must be from 1 to 240.")
        return redirect("practices:timer")
    meditation = ensure_catalogue()["meditation"]
    minutes = form.cleaned_data["minutes"]
    with transaction.atomic():
        record, _ = CheckIn.objects.get_or_create(owner=request.user, date=timezone.localdate())
        log, created = PracticeLog.objects.get_or_create(
            check_in=record, practice=meditation, defaults={"minutes": minutes}
        )
        if not created:
            log.minutes = min(1440, (log.minutes or 0) + minutes)
            log.save(update_fields=["minutes"])
    messages.success(request, f"{minutes} minutes of meditation added to today's check-in.")
    return redirect(reverse("practices:overview"))
