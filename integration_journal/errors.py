import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

# Seconds a browser (or a person) is asked to wait before trying again after a database outage.
RETRY_AFTER = 5
DATABASE_DOWN = (OperationalError, InterfaceError)


def lost_database(exception: BaseException | None) -> bool:
    """True when `exception`, or one it was raised while handling, says the database cannot be
    reached: Django's wrapped errors, or the driver's own where one escapes the wrapper (closing
    a server-side cursor after the server went away); a later error while rendering the error
    (the session, half loaded) still counts."""
    driver = (connection.Database.OperationalError, connection.Database.InterfaceError)
    for _ in range(10):  # a chain is short; never loop on a cycle
        if exception is None:
            return False
        if isinstance(exception, DATABASE_DOWN + driver):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def database_unavailable(request=None) -> HttpResponse:
    """The calm 503 page for a database that cannot be reached. Rendered without the request,
    so no context processor runs: the menu, the user and the messages all ask the database."""
    response = HttpResponse(
        render_to_string("503.html", {"site_name": settings.SITE_NAME}), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    # NoStoreForSignedInMiddleware would otherwise ask the database who is signed in.
    response.no_store = True
    return response


def server_error(request):
    # Every uncaught exception ends here, also those raised in middleware before any view runs
    # (loading the session or the user is usually the first query of a request), which
    # DatabaseUnavailableMiddleware cannot see: Django turns them into a response at each
    # middleware layer. So a lost database gets the 503 page from here too.
    if lost_database(sys.exception()):
        return database_unavailable(request)
    # No user or database lookups here: this page must render when things are broken.
    return render(request, "500.html", status=500)
