from __future__ import annotations

from django.urls import path

from trivsel.consent import views

app_name = "consent"
urlpatterns = [
    path("<int:child_id>/samtykke/ny/", views.consent_create_view, name="create"),
    path("<int:child_id>/samtykke/<int:consent_id>/tilbagekald/", views.consent_withdraw_view, name="withdraw"),
]
