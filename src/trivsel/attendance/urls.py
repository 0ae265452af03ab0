from __future__ import annotations

from django.urls import path

from trivsel.attendance import views

app_name = "attendance"
urlpatterns = [
    path("enheder/<int:unit_id>/import/", views.import_view, name="import"),
]
