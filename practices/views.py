"""Integration practices and daily check-ins. Owner only."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practices.catalogue import ensure_catalogue
from practices.forms import CheckInForm, ChooseForm, TimerLogForm, parse_day
from practices.models import CheckIn, Practice, PracticeChoice, PracticeLog
from practices.stats import heat_map, mood_sleep_charts, practice_counts


def chosen_practices(user):
    chosen = Practice.objects.filter(choices__owner=user)
    return chosen if chosen.exists() else Practice.objects.available_to(user)


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
    # The person's chosen practices first, with any other practice logged that day; the rest of
    # the list waits behind "More practices", so the usual check-in stays short.
    chosen = list(Practice.objects.filter(choices__owner=request.user))
    available = list(Practice.objects.available_to(request.user))
    if chosen:
        shown = {p.pk for p in chosen} | set(logged)
        practices = [*chosen, *(p for p in available if p.pk in logged and p not in chosen)]
        more = [p for p in available if p.pk not in shown]
    else:
        practices, more = available, []
    initial = (
        {"mood": existing.mood, "sleep_hours": existing.sleep_hours, "note": existing.note}
        if existing
        else {}
    )
    form = CheckInForm(
        request.POST or None, practices=practices, more=more, logged=logged, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record, _created = CheckIn.objects.update_or_create(
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
        messages.success(request, _("Your check-in is saved. Thank you for taking a moment."))
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
        messages.success(request, _("Your practices are saved."))
        return redirect("practices:overview")
    return render(request, "practices/choose.html", {"form": form})


@require_GET
def timer(request):
    return render(request, "practices/timer.html", {"choices": [3, 5, 10, 15, 20, 30]})


@require_POST
def timer_log(request):
    form = TimerLogForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The sit could not be logged: minutes must be from 1 to 240."))
        return redirect("practices:timer")
    meditation = ensure_catalogue()["meditation"]
    minutes = form.cleaned_data["minutes"]
    with transaction.atomic():
        record, _created = CheckIn.objects.get_or_create(
            owner=request.user, date=timezone.localdate()
        )
        log, created = PracticeLog.objects.get_or_create(
            check_in=record, practice=meditation, defaults={"minutes": minutes}
        )
        if not created:
            log.minutes = min(1440, (log.minutes or 0) + minutes)
            log.save(update_fields=["minutes"])
    messages.success(
        request,
        ngettext(
            "%(n)d minute of meditation added to today's check-in.",
            "%(n)d minutes of meditation added to today's check-in.",
            minutes,
        )
        % {"n": minutes},
    )
    return redirect(reverse("practices:overview"))
