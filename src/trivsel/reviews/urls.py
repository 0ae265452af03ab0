from django.urls import path

from trivsel.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("skemaer/ny/", views.schema_create_view, name="schema_create"),
    path("skemaer/<int:schema_id>/", views.schema_view, name="schema"),
    path("skemaer/<int:schema_id>/kriterier/<int:criterion_id>/slet/", views.criterion_delete_view,
         name="criterion_delete"),
    path("skemaer/<int:schema_id>/offentliggoer/", views.schema_publish_view, name="schema_publish"),
    path("skemaer/<int:schema_id>/ny-version/", views.schema_version_view, name="schema_version"),
    path("runder/ny/", views.round_create_view, name="round_create"),
    path("runder/<int:round_id>/", views.round_view, name="round"),
    path("runder/<int:round_id>/luk/", views.round_close_view, name="round_close"),
    path("runder/<int:round_id>/resultater/", views.results_view, name="results"),
    path("runder/<int:round_id>/rapport.<str:fmt>", views.report_view, name="report"),
    path("runder/<int:round_id>/handlinger/", views.action_create_view, name="action_create"),
    path("handlinger/<int:action_id>/", views.action_view, name="action"),
    path("sager/<int:review_id>/", views.review_view, name="review"),
]  # fmt: skip
