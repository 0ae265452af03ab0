from __future__ import annotations

from django.urls import path

from trivsel.plans import views

app_name = "plans"
urlpatterns = [
    path("boern/<int:child_id>/plan/", views.plan_view, name="plan"),
    path("boern/<int:child_id>/plan/indsats/ny/", views.intervention_create_view, name="intervention_create"),
    path("boern/<int:child_id>/plan/indsats/<int:intervention_id>/maal/ny/", views.goal_add_view, name="goal_add"),
    path(
        "boern/<int:child_id>/plan/indsats/<int:intervention_id>/evaluering/", views.evaluation_view, name="evaluation"
    ),
    path("boern/<int:child_id>/plan/maal/<int:goal_id>/fremskridt/", views.progress_view, name="progress"),
    path("boern/<int:child_id>/plan/maal/<int:goal_id>/delmaal/", views.milestone_add_view, name="milestone_add"),
    path(
        "boern/<int:child_id>/plan/delmaal/<int:milestone_id>/naaet/",
        views.milestone_reach_view,
        name="milestone_reach",
    ),
    path("mit-arbejde/", views.my_work_view, name="my_work"),
]
