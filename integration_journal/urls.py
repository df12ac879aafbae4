from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from care.views import crisis
from care.views import home as care_home
from integration_journal import pwa, views

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Integration Journal administration"

urlpatterns = [
    path("", care_home.home, name="home"),
    path("help/", crisis.crisis, name="crisis"),
    path("healthz/", views.healthz, name="healthz"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    # The scripts' texts in the reader's language (locale/*/djangojs.po): static/js takes
    # gettext and ngettext from it, and falls back to English without it. Before sign-in too.
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("account/", include("mydata.urls")),
    path("account/settings/push/", include("push.urls")),
    path("notifications/", include("notifications.urls")),
    path("intentions/", include("intentions.urls")),
    path("journal/", include("journal.urls")),
    path("practices/", include("practices.urls")),
    path("measures/", include("measures.urls")),
    path("care/", include("care.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "integration_journal.errors.not_found"
handler500 = "integration_journal.errors.server_error"
