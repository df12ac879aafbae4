"""The person's notification choices, the pause, and the one-click unsubscribe of an email.

The settings page is the signed-in person's own (nothing of anyone else's is in its URLs). The
unsubscribe link works without signing in: its signed token names the person and one kind,
a POST (the mail program's one-click request, RFC 8058, or the confirm page's button) turns
that kind off; a GET only asks."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from care import access
from notifications import schedule
from notifications.forms import PreferenceForm
from notifications.models import Kind, Notification, Status
from notifications.tokens import read_token

PAUSE = dt.timedelta(days=7)
FAILURES_SHOWN = 10


def _failures(user):
    since = timezone.now() - dt.timedelta(days=30)
    return (
        Notification.objects.for_owner(user)
        .filter(status=Status.FAILED, due_at__gte=since)
        .order_by("-due_at")[:FAILURES_SHOWN]
    )


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    preference = schedule.preference_for(request.user)
    staff = access.is_clinic_staff(request.user)
    form = PreferenceForm(
        request.POST if request.method == "POST" else None, instance=preference, staff=staff
    )
    if request.method == "POST" and form.is_valid():
        preference = form.save()
        schedule.schedule_check_in(preference)
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "preference": preference,
            "paused": preference.is_paused(timezone.now()),
            "failures": _failures(request.user),
            "time_zone": request.user.time_zone,
        },
    )


@require_POST
def pause(request):
    preference = schedule.preference_for(request.user)
    preference.paused_until = timezone.now() + PAUSE
    preference.save(update_fields=["paused_until", "updated"])
    messages.success(request, _("Notifications are paused for a week."))
    return redirect("notifications:settings")


@require_POST
def resume(request):
    preference = schedule.preference_for(request.user)
    now = timezone.now()
    until, preference.paused_until = preference.paused_until, None
    preference.save(update_fields=["paused_until", "updated"])
    if until is not None and until > now:
        # What waited for the pause to end is due again now (or at its own moment).
        Notification.objects.for_owner(request.user).filter(
            Q(due_at__lte=now), status=Status.PENDING, next_attempt_at=until
        ).update(next_attempt_at=now)
    messages.success(request, _("Notifications are on again."))
    return redirect("notifications:settings")


@login_not_required
@csrf_exempt  # mail programs post the one-click request without a form of ours (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = read_token(token)
    person = None
    if found is not None:
        person = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if person is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    kind = Kind(found[1])
    if request.method == "GET":
        return render(request, "notifications/unsubscribe.html", {"kind": kind, "token": token})
    preference = schedule.preference_for(person)
    setattr(preference, kind.value, False)
    preference.save(update_fields=[kind.value, "updated"])
    Notification.objects.for_owner(person).filter(kind=kind, status=Status.PENDING).update(
        status=Status.SKIPPED, last_error="This kind was turned off."
    )
    return render(request, "notifications/unsubscribed.html", {"kind": kind})
