from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_settings, name="settings"),
    path("pause/", views.pause, name="pause"),
    path("resume/", views.resume, name="resume"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
