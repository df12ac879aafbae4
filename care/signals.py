"""What care tells the layers below at sign-in."""

from allauth.account.signals import user_logged_in
from django.conf import settings
from django.dispatch import receiver

from care import access
from integration_journal.middleware import SESSION_STAFF, SESSION_TRUST_WISH, SESSION_TRUSTED


@receiver(user_logged_in, dispatch_uid="care_session_limits")
def set_session_limits(sender, request, user, **kwargs):
    """The session middleware (layer 0) may not ask care who is staff, so care leaves stamps in
    the session for it to read. A device is trusted only for the person who ticked "Keep me
    signed in" while typing their own password here, and never for clinic staff, who keep the
    short limits everywhere."""
    session = request.session
    wished = session.pop(SESSION_TRUST_WISH, None) == str(user.pk)
    if access.keeps_short_sessions(user):
        session[SESSION_STAFF] = True
    else:
        session.pop(SESSION_STAFF, None)
    if wished and not session.get(SESSION_STAFF):
        # The cookie outlives the browser for as long as a trusted session may last.
        session[SESSION_TRUSTED] = True
        session.set_expiry(settings.SESSION_TRUSTED_ABSOLUTE_TIMEOUT)
    else:
        session.pop(SESSION_TRUSTED, None)
        session.set_expiry(0)  # ends when the browser closes
