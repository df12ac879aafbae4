from django.urls import path

from journal import views, views_themes

app_name = "journal"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("new/", views.entry_create, name="entry_create"),
    path("preview/", views.entry_preview, name="entry_preview"),
    path("entries/<uuid:pk>/", views.entry_detail, name="entry_detail"),
    path("entries/<uuid:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<uuid:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<uuid:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<uuid:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<uuid:pk>/delete/", views.session_delete, name="session_delete"),
    path("timeline/", views.timeline, name="timeline"),
    path("timeline/between/", views.timeline_between, name="timeline_between"),
    path("search/", views.search, name="search"),
    path("themes/", views_themes.theme_list, name="theme_list"),
    # Outside "themes/<slug>/" so a theme called "new" or "starters" keeps its own page.
    path("new-theme/", views_themes.theme_create, name="theme_create"),
    path("theme-starters/", views_themes.theme_starters, name="theme_starters"),
    path("themes/<str:slug>/", views_themes.theme_detail, name="theme_detail"),
    path("themes/<str:slug>/rename/", views_themes.theme_rename, name="theme_rename"),
    path("themes/<str:slug>/merge/", views_themes.theme_merge, name="theme_merge"),
    path("themes/<str:slug>/delete/", views_themes.theme_delete, name="theme_delete"),
]
