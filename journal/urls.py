from django.urls import path

from journal.views import attachments, calendar, entries, search, sessions, themes, timeline

app_name = "journal"

urlpatterns = [
    path("", entries.entry_list, name="entry_list"),
    path("new/", entries.entry_create, name="entry_create"),
    path("preview/", entries.entry_preview, name="entry_preview"),
    path("entries/<uuid:pk>/", entries.entry_detail, name="entry_detail"),
    path("entries/<uuid:pk>/edit/", entries.entry_edit, name="entry_edit"),
    path("entries/<uuid:pk>/delete/", entries.entry_delete, name="entry_delete"),
    path("entries/<uuid:pk>/attachments/", attachments.attachment_add, name="attachment_add"),
    path(
        "attachments/<uuid:pk>/describe/",
        attachments.attachment_describe,
        name="attachment_describe",
    ),
    path("attachments/<uuid:pk>/remove/", attachments.attachment_remove, name="attachment_remove"),
    path("sessions/", sessions.session_list, name="session_list"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<uuid:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<uuid:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<uuid:pk>/delete/", sessions.session_delete, name="session_delete"),
    path("timeline/", timeline.timeline, name="timeline"),
    path("timeline/between/", timeline.timeline_between, name="timeline_between"),
    path("calendar/", calendar.calendar_month, name="calendar"),
    path("calendar/<int:year>/<int:month>/", calendar.calendar_month, name="calendar_month"),
    path("calendar/<int:year>/<int:month>/<int:day>/", calendar.calendar_day, name="calendar_day"),
    path("search/", search.search, name="search"),
    path("themes/", themes.theme_list, name="theme_list"),
    # Outside "themes/<slug>/" so a theme called "new" or "starters" keeps its own page.
    path("new-theme/", themes.theme_create, name="theme_create"),
    path("theme-starters/", themes.theme_starters, name="theme_starters"),
    path("themes/<str:slug>/", themes.theme_detail, name="theme_detail"),
    path("themes/<str:slug>/rename/", themes.theme_rename, name="theme_rename"),
    path("themes/<str:slug>/merge/", themes.theme_merge, name="theme_merge"),
    path("themes/<str:slug>/delete/", themes.theme_delete, name="theme_delete"),
]
