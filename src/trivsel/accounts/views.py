"""Signing in and out, the lockout page, the language switch and changing one's password.

Only these views and a questionnaire's single-use link (``questionnaires.views.link_view``) are
reachable without signing in (``@login_not_required``): the login page and the language switch.
``test_middleware.py`` fails if any other view joins them.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.i18n import set_language

from trivsel.accounts.forms import PasswordChangeForm
from trivsel.accounts.middleware import mark_session_started
from trivsel.accounts.models import User


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        mark_session_started(self.request)
        return response


class LogoutView(auth_views.LogoutView):
    pass


def home_view(request: HttpRequest) -> HttpResponse:
    """Send each user to their starting page."""
    user = request.user
    if isinstance(user, User) and user.is_guardian:
        return redirect("portal:home")
    return redirect("children:list")


# Anonymous visitors must be able to switch language on the login page; Django's view is not
# marked for LoginRequiredMiddleware. It only sets a cookie and redirects to a safe local URL.
set_language_view = login_not_required(set_language)


def locked_out_view(
    request: HttpRequest, original_response: HttpResponseBase | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes calls this (AXES_LOCKOUT_CALLABLE) when a username is locked out from this address.

    Every attempt while locked restarts the cool-off, so "now + cool-off" is when the next
    attempt can succeed.
    """
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    context = {
        "minutes": math.ceil(cool_off.total_seconds() / 60),
        "retry_at": timezone.now() + cool_off,
        "login_url": reverse("accounts:login"),
    }
    response = render(request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def admin_login_view(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """Replaces the admin's own login form, so everybody signs in through lockout and two-factor.

    Not ``@login_not_required``: an anonymous visitor is sent to Trivsel's login page first.
    """
    user = request.user
    if not (user.is_active and user.is_staff):
        raise PermissionDenied
    candidate = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return redirect(candidate)
    return redirect("admin:index")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: auth_forms.PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response
