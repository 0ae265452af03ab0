from __future__ import annotations

from django.urls import path

from trivsel.questionnaires import views

app_name = "questionnaires"
urlpatterns = [
    path("boern/<int:child_id>/spoergeskemaer/", views.child_view, name="child"),
    path("boern/<int:child_id>/spoergeskemaer/ny/", views.request_create_view, name="request_create"),
    path("boern/<int:child_id>/spoergeskemaer/papir/", views.paper_view, name="paper"),
    path("boern/<int:child_id>/spoergeskemaer/<int:request_id>/besvar/", views.answer_view, name="answer"),
    path(
        "boern/<int:child_id>/spoergeskemaer/<int:request_id>/annuller/",
        views.request_cancel_view,
        name="request_cancel",
    ),
    path("skema/<str:token>/", views.link_view, name="link"),
]
