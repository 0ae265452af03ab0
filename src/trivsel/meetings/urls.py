from __future__ import annotations

from django.urls import path

from trivsel.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list_view, name="list"),
    path("ny/", views.meeting_call_view, name="call"),
    path("<int:meeting_id>/", views.meeting_detail_view, name="detail"),
    path("<int:meeting_id>/dagsorden.pdf", views.agenda_pdf_view, name="agenda_pdf"),
    path("<int:meeting_id>/deltagere/", views.participant_add_view, name="participant_add"),
    path("punkter/ny/", views.item_request_view, name="item_request"),
    path("punkter/<int:item_id>/", views.item_detail_view, name="item"),
    path("punkter/<int:item_id>/flyt/", views.item_move_view, name="item_move"),
    path("punkter/<int:item_id>/referat/", views.minutes_view, name="minutes"),
    path("punkter/<int:item_id>/kontakt/", views.parent_contact_view, name="parent_contact"),
    path("punkter/<int:item_id>/aftaler/", views.agreement_add_view, name="agreement_add"),
    path("punkter/<int:item_id>/journal.pdf", views.item_pdf_view, name="item_pdf"),
    path("aftaler/<int:agreement_id>/udfoert/", views.agreement_done_view, name="agreement_done"),
]
