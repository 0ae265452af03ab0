from __future__ import annotations

from django.urls import path

from trivsel.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("enheder/<int:unit_id>/ny-runde/", views.round_create_view, name="round_create"),
    path("enheder/<int:unit_id>/overblik/", views.unit_overview_view, name="unit_overview"),
    path("distrikter/<int:district_id>/overblik/", views.district_overview_view, name="district_overview"),
    path("runder/<int:round_id>/", views.round_detail_view, name="round"),
    path("runder/<int:round_id>/luk/", views.round_close_view, name="round_close"),
    path("runder/<int:round_id>/grupper/<int:group_id>/", views.sheet_view, name="sheet"),
    path("runder/<int:round_id>/grupper/<int:group_id>/faelles/", views.joint_view, name="joint"),
    path("runder/<int:round_id>/boern/<int:child_id>/vurdering/", views.rating_view, name="rate"),
    path("runder/<int:round_id>/boern/<int:child_id>/faelles/", views.joint_save_view, name="agree"),
    path("runder/<int:round_id>/boern/<int:child_id>/naeste-skridt/", views.next_step_view, name="next_step"),
]
