from __future__ import annotations

from django.urls import path

from trivsel.concerns import views

app_name = "concerns"
urlpatterns = [
    path("<int:child_id>/bekymringer/ny/", views.concern_create_view, name="create"),
    path("<int:child_id>/bekymringer/<int:concern_id>/", views.concern_detail_view, name="detail"),
    path("<int:child_id>/bekymringer/<int:concern_id>/trin/", views.concern_step_view, name="step"),
    path("<int:child_id>/bekymringer/<int:concern_id>/luk/", views.concern_close_view, name="close"),
]
