from __future__ import annotations

from django.urls import path

from trivsel.portal import views
from trivsel.transitions import views as transition_views

app_name = "portal"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("boern/<int:child_id>/", views.child_view, name="child"),
    path("boern/<int:child_id>/samtykke/ny/", views.consent_create_view, name="consent_create"),
    path(
        "boern/<int:child_id>/samtykke/<int:consent_id>/tilbagekald/",
        views.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path("boern/<int:child_id>/opslag/", views.access_log_view, name="access_log"),
    path("boern/<int:child_id>/maal/<int:goal_id>/vurdering/", views.progress_view, name="progress"),
    path(
        "boern/<int:child_id>/overgange/<int:transition_id>/",
        transition_views.portal_view,
        name="transition",
    ),
    path("boern/<int:child_id>/spoergeskemaer/<int:questionnaire_id>/", views.questionnaire_view, name="questionnaire"),
]
