from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

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
