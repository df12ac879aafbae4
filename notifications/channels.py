"""How a notification leaves the app: email (now) and web push (the push app's delivery).

What is said comes from the templates in templates/notifications/email/: one file per kind
with a `subject`, a `body` and a `push` fragment. They get no health text to say: the context
holds the site's name, links and the kind, never a note, a score, a theme or a name.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from integration_journal.i18n import language_for
from notifications.models import Channel, Kind
from notifications.tokens import make_token
from push.delivery import send_to_user


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str
    push_body: str
    unsubscribe_url: str


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def render_message(notification) -> Message:
    kind = notification.kind
    unsubscribe = _absolute(
        reverse("notifications:unsubscribe", args=[make_token(notification.person, kind)])
    )
    context = {
        "site_name": settings.SITE_NAME,
        "link": _absolute(notification.url),
        "settings_link": _absolute(reverse("notifications:settings")),
        "unsubscribe_link": unsubscribe,
        "kind_label": Kind(kind).label,
    }
    name = f"notifications/email/{kind}.txt"

    def fragment(part: str) -> str:
        return render_to_string(f"{name}#{part}", context).strip()

    context["body"] = fragment("body")
    return Message(
        subject=" ".join(fragment("subject").split()),
        text=render_to_string("notifications/email/message.txt", context),
        html=render_to_string("notifications/email/message.html", context),
        push_body=fragment("push"),
        unsubscribe_url=unsubscribe,
    )


def send_email(notification, message: Message) -> None:
    """Send one email; any failure of the mail server raises (the sender retries)."""
    email = EmailMultiAlternatives(
        message.subject,
        message.text,
        settings.DEFAULT_FROM_EMAIL,
        [notification.person.email],
        headers={
            # RFC 2369 and RFC 8058: an https link that a POST alone turns this kind off with.
            "List-Unsubscribe": f"<{message.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(message.html, "text/html")
    email.send()


def send_push(notification, message: Message) -> int:
    """Devices that accepted the message (0: none turned on, or none took it)."""
    return send_to_user(
        notification.person,
        title=settings.SITE_NAME,
        body=message.push_body,
        url=notification.url,
        tag=notification.kind,
    )


def deliver(notification) -> int:
    """Send `notification` through its channel, in its person's language; returns how many
    recipients took it."""
    with language_for(notification.person):
        message = render_message(notification)
    if notification.channel == Channel.PUSH:
        return send_push(notification, message)
    send_email(notification, message)
    return 1
