"""This device's notifications (turn on or off from the page's script), the person's devices, a
test notification. Owner-only; another person's device is a 404."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from push import vapid
from push.devices import device_label
from push.forms import SubscriptionForm
from push.models import PushSubscription
from push.tasks import send_test_notification


@require_GET
def push_settings(request):
    keys = vapid.keys()
    return render(
        request,
        "push/settings.html",
        {
            "public_key": keys.public_key if keys else "",
            "devices": PushSubscription.objects.for_owner(request.user),
        },
    )


def _json_body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


@require_POST
def subscribe(request):
    """Body: the browser's subscription as JSON ({"endpoint", "keys": {"p256dh", "auth"}})."""
    if not vapid.enabled():
        return JsonResponse({"error": "Notifications are not set up on this server."}, status=409)
    data = _json_body(request)
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    form = SubscriptionForm(
        {"endpoint": data.get("endpoint"), "p256dh": keys.get("p256dh"), "auth": keys.get("auth")}
    )
    if not form.is_valid():
        return JsonResponse({"error": "This browser's subscription was not accepted."}, status=400)
    # A browser has one endpoint per site: if someone else signed in on it before, it is now
    # this person's device (and no longer theirs).
    subscription, created = PushSubscription.objects.update_or_create(
        endpoint=form.cleaned_data["endpoint"],
        defaults={
            "user": request.user,
            "p256dh": form.cleaned_data["p256dh"],
            "auth": form.cleaned_data["auth"],
            "label": device_label(request.headers.get("User-Agent", ""))[:100],
            "created": timezone.now(),
            "last_success": None,
            "last_failure": None,
            "last_error": "",
        },
    )
    return JsonResponse({"id": str(subscription.pk)}, status=201 if created else 200)


@require_POST
def unsubscribe(request):
    """Body: {"endpoint": ...}, this browser's own. Someone else's endpoint is a 404."""
    endpoint = _json_body(request).get("endpoint")
    if not isinstance(endpoint, str):
        raise Http404
    deleted, _ = PushSubscription.objects.for_owner(request.user).filter(endpoint=endpoint).delete()
    if not deleted:
        raise Http404
    return HttpResponse(status=204)


@require_POST
def remove(request, pk):
    subscription = get_object_or_404(PushSubscription.objects.for_owner(request.user), pk=pk)
    subscription.delete()
    messages.success(
        request, _("%(device)s will get no more notifications.") % {"device": subscription}
    )
    return redirect("push:settings")


@require_POST
def send_test(request):
    if not PushSubscription.objects.for_owner(request.user).exists():
        messages.info(request, _("Turn notifications on for a device first."))
    else:
        send_test_notification.enqueue(str(request.user.pk))
        messages.success(request, _("A test notification is on its way to your devices."))
    return redirect("push:settings")
