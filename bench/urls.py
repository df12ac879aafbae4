from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from integration_journal.urls import handler404, handler500
from integration_journal.urls import urlpatterns as app_urlpatterns


@login_not_required
def bare(request):
    """The cheapest Django response through the same middleware: the throughput ceiling."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *app_urlpatterns]
# The app's own error pages (the calm 503 for a lost database comes from handler500), not Django's.
__all__ = ["handler404", "handler500", "urlpatterns"]
