from __future__ import annotations

from django.urls import path

from trivsel.notifications import views

app_name = "notifications"
urlpatterns = [
    path("boern/<int:child_id>/underretning/ny/", views.notification_create_view, name="create"),
    path("underretninger/", views.inbox_view, name="inbox"),
    path("underretninger/mine/", views.mine_view, name="mine"),
    path("underretninger/<int:notification_id>/", views.detail_view, name="detail"),
    path("underretninger/<int:notification_id>/vurder/", views.assess_view, name="assess"),
    path("underretninger/<int:notification_id>/kvitter/", views.acknowledge_view, name="acknowledge"),
    path("underretninger/<int:notification_id>/undersoegelse/", views.investigation_view, name="investigation"),
    path("underretninger/<int:notification_id>/tildel/", views.assign_view, name="assign"),
    path(
        "underretninger/<int:notification_id>/undersoegelse/afslut/",
        views.complete_investigation_view,
        name="complete_investigation",
    ),
    path("underretninger/<int:notification_id>/luk/", views.close_view, name="close"),
]
