from django.urls import path

from mydata import views
from mydata.importers import views as other_apps

app_name = "mydata"

# Mounted under account/ beside the accounts app's settings page.
urlpatterns = [
    path("data/", views.my_data, name="my_data"),
    path("data/export/", views.export_start, name="export_start"),
    path("data/export/<uuid:pk>/", views.export_status, name="export_status"),
    path("data/export/<uuid:pk>/download/", views.export_download, name="export_download"),
    path("data/questionnaires.fhir.json", views.questionnaires_fhir, name="questionnaires_fhir"),
    path("data/import/", views.import_upload, name="import_upload"),
    path("data/import/<uuid:pk>/", views.import_preview, name="import_preview"),
    path("data/import/from/<str:source>/", other_apps.upload, name="other_import_upload"),
    path(
        "data/import/from/<str:source>/<uuid:pk>/",
        other_apps.preview,
        name="other_import_preview",
    ),
    path("delete/", views.delete_account, name="delete_account"),
    path("trash/", views.trash, name="trash"),
    path("trash/<str:kind>/<uuid:pk>/restore/", views.trash_restore, name="trash_restore"),
    path("trash/<str:kind>/<uuid:pk>/delete/", views.trash_delete, name="trash_delete"),
]
