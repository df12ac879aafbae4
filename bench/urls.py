from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from integration_journal.urls import urlpatterns as app_urlpatterns


@login_not_required
def bare(request):
    """The cheapest Django response through the same middleware: the throughput ceiling."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *app_urlpatterns]
