"""The installable app: its manifest, its service worker (served from the site root so it may
look after every page) and the page it shows when there is no connection.

None of these knows who is asking: they are the same for everyone and hold no patient data,
which is what lets the service worker keep the offline page in its cache.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

# The app shell: what the offline page needs, plus the scripts every page loads.
SHELL = [
    "css/fonts.css",
    "css/heat.css",
    "css/app.css",
    "js/app.js",
    "js/pwa.js",
    "js/draft.js",
    "img/favicon.svg",
    "img/icons/icon-192.png",
    "fonts/atkinson-hyperlegible/atkinson-hyperlegible-latin-400-normal.woff2",
    "fonts/atkinson-hyperlegible/atkinson-hyperlegible-latin-700-normal.woff2",
]
# The manifest's colours: --accent and --bg of static/css/app.css (light theme).
THEME_COLOUR = "#2f5f57"
BACKGROUND_COLOUR = "#f7f4ee"


def _anonymous(response):
    # Never cached by the browser either: a new deployment's manifest, worker and offline page
    # are picked up at once. The flag also spares asking the database who is signed in.
    response.no_store = True
    return response


@require_safe
@login_not_required
def manifest(request):
    icons = [
        {
            "src": static(f"img/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
        }
        for size in (192, 512)
    ] + [
        {
            "src": static(f"img/icons/maskable-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in (192, 512)
    ]
    body = {
        "id": "/",
        "name": settings.SITE_NAME,
        "short_name": "Journal",
        "description": "A private journal for the work before and after each session.",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    return _anonymous(response)


@require_safe
@login_not_required
def service_worker(request):
    # The offline page and the crisis page as anyone sees them (fetched without cookies).
    pages = [reverse("offline"), reverse("crisis")]
    shell = [static(path) for path in SHELL]
    config = {
        "staticUrl": static(""),
        "offlineUrl": reverse("offline"),
        "crisisUrl": reverse("crisis"),
        "icon": static("img/icons/icon-192.png"),
        "shell": shell,
        "pages": pages,
        # A new version whenever a file of the shell changes name (hashed names in production).
        "version": hashlib.sha256(" ".join(shell + pages).encode()).hexdigest()[:12],
    }
    script = render_to_string("pwa/sw.js", {"config": json.dumps(config)})
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    add_never_cache_headers(response)
    return _anonymous(response)


@require_safe
@login_not_required
def offline(request):
    return _anonymous(render(request, "pwa/offline.html"))
