"""Send one message to every device a person turned push on for.

The caller decides what is said; it must never be health text ("You have a new note in
Integration Journal", not the note). The service worker shows exactly the title, body and link
given here. Push is an outside call: run this in a task, never inside a request.
"""

import json
import logging

import requests
from django.utils import timezone
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from push import vapid
from push.models import PushSubscription

logger = logging.getLogger(__name__)

# How long a push service keeps a message for a device that is offline (seconds).
TIME_TO_LIVE = 24 * 3600
TIMEOUT = 10
GONE = {404, 410}


def send_to_user(user, *, title: str, body: str, url: str, tag: str) -> int:
    """Push to each of `user`'s devices; returns how many push services accepted the message.

    `url` is a path on this site ("/journal/..."); a click on the notification opens it. A
    subscription the push service says is gone (404, 410) is removed; any other failure is
    recorded on the subscription and the next device is tried. Nothing is raised for one device.
    """
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError("url must be a path on this site, starting with one /")
    keys = vapid.keys()
    if keys is None:
        return 0
    signer = Vapid.from_string(private_key=keys.private_key)
    payload = json.dumps({"title": title, "body": body, "url": url, "tag": tag})
    accepted = 0
    for subscription in PushSubscription.objects.for_owner(user):
        error = _send(subscription, payload, signer, keys.subject)
        if error is None:
            accepted += 1
            PushSubscription.objects.filter(pk=subscription.pk).update(last_success=timezone.now())
        elif error in GONE:
            PushSubscription.objects.filter(pk=subscription.pk).delete()
        else:
            logger.warning("push to subscription %s failed: %s", subscription.pk, error)
            PushSubscription.objects.filter(pk=subscription.pk).update(
                last_failure=timezone.now(), last_error=str(error)[:200]
            )
    return accepted


def _send(subscription: PushSubscription, payload: str, signer, subject: str) -> int | str | None:
    """None when accepted; else the push service's status code or the kind of error."""
    try:
        webpush(
            subscription.subscription_info(),
            data=payload,
            vapid_private_key=signer,
            vapid_claims={"sub": subject},  # a fresh dict: webpush adds aud and exp to it
            ttl=TIME_TO_LIVE,
            timeout=TIMEOUT,
        )
    except WebPushException as exc:
        # No status: pywebpush refused before sending (keys the browser sent that do not decode).
        return exc.status_code or f"not sent: {exc.message}"
    except requests.RequestException as exc:
        return f"network: {type(exc).__name__}"
    except (ValueError, TypeError) as exc:  # keys the browser sent that do not decode
        return f"bad keys: {type(exc).__name__}"
    return None
