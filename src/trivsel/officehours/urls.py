from __future__ import annotations

from django.urls import path

from trivsel.officehours import views

app_name = "officehours"
urlpatterns = [
    path("traeffetid/", views.list_view, name="list"),
    path("traeffetid/ny/", views.publish_view, name="publish"),
    path("traeffetid/<int:office_hours_id>/", views.detail_view, name="detail"),
    path("traeffetid/<int:office_hours_id>/aflys/", views.office_hours_cancel_view, name="cancel"),
    path("traeffetid/tider/<int:slot_id>/book/", views.book_view, name="book"),
    path("traeffetid/konsultationer/<int:consultation_id>/", views.consultation_view, name="consultation"),
    path(
        "traeffetid/konsultationer/<int:consultation_id>/aflys/",
        views.consultation_cancel_view,
        name="consultation_cancel",
    ),
    path("kalender/", views.calendar_view, name="calendar"),
    path("kalender.ics", views.calendar_ics_view, name="calendar_ics"),
]
