from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("", views.index, name="index"),
    path("tracked/", views.tracked, name="tracked"),
    path("responses/<uuid:pk>/", views.result, name="result"),
    path("<str:instrument>/", views.history, name="history"),
    path("<str:instrument>/take/", views.take, name="take"),
]
