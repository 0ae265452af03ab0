from __future__ import annotations

from django.urls import path

from trivsel.accounts import otp_views, views

app_name = "accounts"
urlpatterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", views.LogoutView.as_view(), name="logout"),
    path("totrin/", otp_views.otp_view, name="otp"),
    path("adgangskode/", views.PasswordChangeView.as_view(), name="password_change"),
]
