"""A request id on every request, its response and every log line written while it runs.

Behind a proxy (`BEHIND_PROXY`), the proxy's own `X-Request-ID` is kept when it is a short, plain
token (at most 64 letters, digits, dots, underscores or hyphens), so nothing else can be written
into the logs through it. Otherwise, and always without a proxy (where any client could pick the
id and make its requests look like someone else's in the logs), the request gets a new random id.
The response carries the id back in `X-Request-ID`, so a person reporting a problem, the proxy's
log and the app's log can be matched.
"""

import contextvars
import logging
import re
import uuid

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
NO_REQUEST = "-"

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=NO_REQUEST
)


def request_id_from(meta) -> str:
    incoming = meta.get(META_KEY, "")
    if settings.BEHIND_PROXY and SAFE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.META)
        # Kept until the response is closed (request_finished), not only while this runs:
        # Django logs a 4xx/5xx response ("django.request") after the middleware returns.
        current_request_id.set(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


@receiver(request_finished, dispatch_uid="integration_journal.request_id.forget")
def forget_request_id(**kwargs):
    current_request_id.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record ("-" outside a request: workers, commands)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
