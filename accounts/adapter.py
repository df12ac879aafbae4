from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from integration_journal.site import absolute_url
from outbox.mail import queue_message

# The links allauth builds into its emails from the request (activation, reset, sign-up).
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


class AccountAdapter(DefaultAccountAdapter):
    # The errors a person meets at the door, in our words (allauth's keys).
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "That email address and password do not match. Please check both and try again."
        ),
        "incorrect_password": _("That password is not right. Please try again."),
        # Also what a wrong code, typed too often, ends with (allauth's code pages use this key).
        "too_many_login_attempts": _(
            "Too many tries in a row. Please wait a few minutes before you try again, or choose "
            "a new password with “Forgot your password?”. Without a password, ask for a sign-in "
            "code by email."
        ),
        "rate_limited": _(
            "That was a lot of requests at once. Please wait a few minutes, then try again."
        ),
        "invalid_or_expired_key": _("This link no longer works. Please ask for a new one."),
        "invalid_password_reset": _("This link no longer works. Please ask for a new one."),
        "same_as_current": _("That is the one you have now. Please choose a different one."),
        "incorrect_code": _(
            "That code does not match. Check the newest email from us and try again."
        ),
    }

    def send_mail(self, template_prefix, email, context):
        """Render in the request, send in a task (verification, reset, notices, the "you already
        have an account" and "no account" mails alike), so a mail server that is down or slow
        never shows in the answer.

        Every link points at SITE_URL: allauth builds its links from the request's host, which
        behind a proxy or on a development server is not the address people know."""
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_name": settings.SITE_NAME,
            "site_url": absolute_url("/", request),
            # The notices end with "if this was not you, choose a new password".
            "password_reset_url": reverse("account_reset_password"),
        }
        ctx.update(context)
        for key in EMAIL_LINKS:
            if ctx.get(key):
                ctx[key] = absolute_url(str(ctx[key]), request)
        queue_message(self.render_mail(template_prefix, email, ctx))
