from django.urls import path

from intentions import views

app_name = "intentions"

urlpatterns = [
    path("", views.intention_list, name="list"),
    path("new/", views.intention_create, name="create"),
    path("<uuid:pk>/", views.intention_detail, name="detail"),
    path("<uuid:pk>/edit/", views.intention_edit, name="edit"),
    path("<uuid:pk>/delete/", views.intention_delete, name="delete"),
    path("<uuid:pk>/status/", views.intention_status, name="status"),
    path("<uuid:pk>/move/<str:direction>/", views.intention_move, name="move"),
    path("<uuid:pk>/actions/", views.action_add, name="action_add"),
    path("<uuid:pk>/reviews/", views.review_add, name="review_add"),
    path("actions/<uuid:pk>/toggle/", views.action_toggle, name="action_toggle"),
    path("actions/<uuid:pk>/move/<str:direction>/", views.action_move, name="action_move"),
    path("actions/<uuid:pk>/remove/", views.action_remove, name="action_remove"),
]
