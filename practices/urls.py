from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("check-in/", views.check_in, name="check_in"),
    path("choose/", views.choose, name="choose"),
    path("timer/", views.timer, name="timer"),
    path("timer/log/", views.timer_log, name="timer_log"),
]
