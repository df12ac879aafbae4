"""What the clinic's and the patient's invitations share: the email with the link, and the
link's pages, which open only while the invitation can still be used."""

from contextlib import nullcontext
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from integration_journal.site import absolute_url
from outbox.mail import queue_mail


def email_invitation(request, invite, token, *, link_to, subject, template, context) -> None:
    """Email `invite` its link (the URL named `link_to`, which takes the token)."""
    link = absolute_url(reverse(link_to, args=[token]), request)
    body = render_to_string(
        template,
        {
            **context,
            "invite": invite,
            "link": link,
            "site_name": settings.SITE_NAME,
            "site_url": absolute_url("/", request),
        },
    )
    queue_mail(to=invite.email, subject=f"[{settings.SITE_NAME}] {subject}", text=body)


def open_invitation(queryset, *, lock=False):
    """For a view of `request, token`: call it as `view(request, invite, token)` with the
    invitation of `queryset` behind the token, or answer with why it cannot be used (404 for
    an unknown token, 410 for a used, withdrawn or expired one).

    `lock` is for accepting: the invitation's row stays locked until the view returns, so two
    clicks cannot both accept it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, token):
            with transaction.atomic() if lock else nullcontext():
                rows = queryset.select_for_update() if lock else queryset
                invite = rows.by_token(token)
                problem = invite.problem if invite else "unknown"
                if problem:
                    return render(
                        request,
                        "care/invite_problem.html",
                        {"problem": problem},
                        status=404 if problem == "unknown" else 410,
                    )
                return view(request, invite, token)

        return wrapped

    return decorator
