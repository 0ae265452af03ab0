from __future__ import annotations

from django.urls import path

from trivsel.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home_view, name="home"),
]
