import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_journal.settings")

application = get_wsgi_application()

# Everything loaded by now (Django, the apps, the URLconf) lives as long as the process. Freezing
# it takes it out of the garbage collector's full passes, which otherwise walk every one of those
# objects and pause a request for tens of milliseconds now and then. Under a pre-forking server
# it also keeps those memory pages shared between the workers.
get_resolver().url_patterns  # noqa: B018 - load the URLconf before freezing
gc.freeze()
