"""Signing in and out, and the TOTP step for staff (django-otp)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator

from trivsel.accounts.models import User


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def home_view(request: HttpRequest) -> HttpResponse:
    """Send each user to their starting page."""
    user = request.user
    if isinstance(user, User) and user.is_guardian:
        return redirect("portal:home")
    return redirect("children:list")
