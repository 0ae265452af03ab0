from __future__ import annotations

from django.urls import path

from trivsel.audit import views

app_name = "audit"
urlpatterns = [
    path("<int:child_id>/adgangslog/", views.child_report_view, name="child_report"),
    path("<int:child_id>/historik/", views.child_history_view, name="child_history"),
]
