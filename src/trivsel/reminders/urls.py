from __future__ import annotations

from django.urls import path

from trivsel.reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.reminder_list_view, name="list"),
    path("<int:reminder_id>/aabn/", views.reminder_open_view, name="open"),
    path("laest/", views.reminder_read_all_view, name="read_all"),
]
