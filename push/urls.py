from django.urls import path

from push import views

app_name = "push"

urlpatterns = [
    path("", views.push_settings, name="settings"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("test/", views.send_test, name="test"),
    path("devices/<uuid:pk>/remove/", views.remove, name="remove"),
]
