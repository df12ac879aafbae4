from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/sessions/end/", views.end_session, name="end_session"),
    path("language/", views.set_language, name="set_language"),
]
