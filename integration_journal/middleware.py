"""Cross-cutting request handling: session lifetimes, the user's time zone, no-store caching, a
lost database."""

import logging
import time
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from integration_journal import errors
from integration_journal.i18n import supported

logger = logging.getLogger(__name__)

SESSION_STARTED = "_ij_started"
SESSION_SEEN = "_ij_seen"
# "Keep me signed in on this device" ticked on the password form: the id of the person who typed
# the password (accounts.signin). At sign-in care turns it into SESSION_TRUSTED, for that person
# only and only if they are not staff (care.signals); nobody else signing in here inherits it.
SESSION_TRUST_WISH = "_ij_trust_wish"
SESSION_TRUSTED = "_ij_trusted"
# Set at sign-in for clinic staff (care.signals, the layer that knows who is staff): they keep the
# short limits even on a trusted device. This layer only reads the two stamps.
SESSION_STAFF = "_ij_staff"
# Rewrite the "last seen" stamp at most once a minute, so a busy page does not write the
# session row on every request.
SEEN_RESOLUTION = 60


def session_limits(session) -> tuple[int, int]:
    """(idle, absolute) seconds for this session: the trusted-device limits for a patient who
    asked to stay signed in on this device, the short ones for everyone else and for staff."""
    if session.get(SESSION_TRUSTED) and not session.get(SESSION_STAFF):
        return settings.SESSION_TRUSTED_IDLE_TIMEOUT, settings.SESSION_TRUSTED_ABSOLUTE_TIMEOUT
    return settings.SESSION_IDLE_TIMEOUT, settings.SESSION_ABSOLUTE_TIMEOUT


class SessionLifetimeMiddleware:
    """Sign out after the idle or absolute limit of `session_limits`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(SESSION_STARTED)
            seen = session.get(SESSION_SEEN)
            idle, absolute = session_limits(session)
            if started is None:
                session[SESSION_STARTED] = session[SESSION_SEEN] = now
            elif now - (seen or started) > idle or now - started > absolute:
                logout(request)
                messages.info(
                    request,
                    _(
                        "You were signed out after a while without activity, to keep your "
                        "journal private. Anything you were typing is kept as a draft."
                    ),
                )
            elif now - (seen or 0) >= SEEN_RESOLUTION:
                session[SESSION_SEEN] = now
        return self.get_response(request)


class UserTimeZoneMiddleware:
    """Show dates and times in the signed-in person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tz_name = getattr(request.user, "time_zone", "") if request.user.is_authenticated else ""
        try:
            timezone.activate(zoneinfo.ZoneInfo(tz_name)) if tz_name else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)


class UserLanguageMiddleware:
    """Pages in the signed-in person's own language (accounts.User.language). Before sign-in,
    and for someone who has not chosen, LocaleMiddleware's pick stands: the language switch's
    cookie, else the browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            language = supported(getattr(request.user, "language", ""))
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Health data must never sit in a browser or proxy cache: no-store for signed-in pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The response's own flag first: the 503 page for a lost database sets it, and asking
        # who is signed in would ask that database again.
        if getattr(response, "no_store", False) or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database (a restart, a failover, a full connection pool)
    answers with a calm 503 page and Retry-After instead of a stack trace or the generic error
    page. The editor keeps the person's draft in the browser until a save is confirmed, so
    nothing typed is lost. Errors raised before the view (loading the session) reach
    `errors.server_error`, which answers the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if errors.lost_database(exception):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return errors.database_unavailable(request)
        return None
