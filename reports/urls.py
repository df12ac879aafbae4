from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("patients/<uuid:patient_id>/new/", views.create, name="create_for"),
    path("<uuid:pk>/", views.status, name="status"),
    path("<uuid:pk>/preview/", views.preview, name="preview"),
    path("<uuid:pk>/retry/", views.retry, name="retry"),
    path("<uuid:pk>/download/", views.download, name="download"),
    path("clinics/<uuid:clinic_id>/batch/", views.batch_create, name="batch_create"),
    path("batches/<uuid:pk>/", views.batch_status, name="batch_status"),
    path("batches/<uuid:pk>/download/", views.batch_download, name="batch_download"),
]
