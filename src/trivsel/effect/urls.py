from __future__ import annotations

from django.urls import path

from trivsel.effect import views

app_name = "effect"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("eksport/<str:panel>.<str:fmt>", views.export_view, name="export"),
]
