from __future__ import annotations

from django.urls import path

from trivsel.transitions import views

app_name = "transitions"
urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("ny/", views.create_view, name="create"),
    path("<int:transition_id>/", views.detail_view, name="detail"),
    path("<int:transition_id>/skema/", views.handover_view, name="handover"),
    path("<int:transition_id>/send/", views.send_view, name="send"),
    path("<int:transition_id>/godkendelse/", views.approval_view, name="approval"),
    path("<int:transition_id>/del/", views.share_view, name="share"),
    path("<int:transition_id>/kvitter/", views.acknowledge_view, name="acknowledge"),
    path("<int:transition_id>/brobygningsmoede/", views.bridge_meeting_view, name="bridge_meeting"),
    path("<int:transition_id>/annuller/", views.cancel_view, name="cancel"),
]
