"""What care tells the layers below at sign-in."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from care import access
from integration_journal.middleware import SESSION_STAFF


@receiver(user_logged_in, dispatch_uid="care_staff_session")
def stamp_staff_session(sender, request, user, **kwargs):
    """Clinic staff keep the short session limits even on a device they asked to stay signed in
    on. The session middleware (layer 0) may not ask care who is staff, so care leaves a stamp in
    the session for it to read."""
    if access.keeps_short_sessions(user):
        request.session[SESSION_STAFF] = True
    else:
        request.session.pop(SESSION_STAFF, None)
