from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from integration_journal import health


# Not exempt from CSRF: like every view, a POST without the token is refused with 403 before
# the method check (tests/security/test_headers.py); with the token it is 405.
@require_safe
@login_not_required
def healthz(request):
    """For load balancers and monitors: 200 when the database, the cache and the task queue
    answer, 503 naming the check that failed. Asks nothing of the session or the user, so it
    answers its own JSON when the database is down."""
    healthy, body = health.report()
    response = JsonResponse(body, status=200 if healthy else 503)
    if request.method == "HEAD":
        response.content = b""  # gunicorn does not strip a HEAD response's body itself
    add_never_cache_headers(response)
    # NoStoreForSignedInMiddleware would otherwise ask the database who is signed in.
    response.no_store = True
    return response
