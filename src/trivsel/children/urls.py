from __future__ import annotations

from django.urls import path

from trivsel.children import views

app_name = "children"
urlpatterns = [
    path("", views.child_list_view, name="list"),
    path("<int:child_id>/", views.child_detail_view, name="detail"),
    path("<int:child_id>/cpr/", views.child_cpr_view, name="cpr"),
    path("<int:child_id>/adgang/ny/", views.grant_create_view, name="grant_create"),
    path("<int:child_id>/adgang/<int:grant_id>/tilbagekald/", views.grant_revoke_view, name="grant_revoke"),
]
