from __future__ import annotations

from django.urls import path

from trivsel.audit import views

app_name = "audit"
urlpatterns = [
    path("<int:child_id>/adgangslog/", views.child_report_view, name="child_report"),
]
