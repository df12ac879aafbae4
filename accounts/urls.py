from django.urls import path

from accounts import views, views_mydata

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("data/", views_mydata.my_data, name="my_data"),
    path("data/export/", views_mydata.export_start, name="export_start"),
    path("data/export/<uuid:pk>/", views_mydata.export_status, name="export_status"),
    path(
        "data/export/<uuid:pk>/download/",
        views_mydata.export_download,
        name="export_download",
    ),
    path("data/import/", views_mydata.import_upload, name="import_upload"),
    path("data/import/<uuid:pk>/", views_mydata.import_preview, name="import_preview"),
    path("delete/", views_mydata.delete_account, name="delete_account"),
    path("trash/", views_mydata.trash, name="trash"),
    path("trash/<str:kind>/<uuid:pk>/restore/", views_mydata.trash_restore, name="trash_restore"),
    path("trash/<str:kind>/<uuid:pk>/delete/", views_mydata.trash_delete, name="trash_delete"),
]
