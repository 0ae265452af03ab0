"""Session timeouts and the two-factor gate for staff."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Paths a signed-in but not yet verified staff member may reach.
OTP_EXEMPT_PREFIXES = ("/konto/", "/static/", "/i18n/")


class SessionTimeoutMiddleware:
    """Log out after ``SESSION_IDLE_TIMEOUT`` seconds idle or ``SESSION_ABSOLUTE_TIMEOUT`` in all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("trivsel_started", now)
            last_seen = request.session.get("trivsel_last_seen", now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, _("You were logged out because the session timed out."))
                return _to_login(request)
            request.session["trivsel_last_seen"] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Staff must confirm a TOTP code (django-otp) before reaching anything but their account pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.REQUIRE_2FA
            and user.is_authenticated
            and not getattr(user, "is_guardian", False)
            and not user.is_verified()  # type: ignore[attr-defined]  # added by OTPMiddleware
            and not request.path.startswith(OTP_EXEMPT_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:otp')}?next={request.get_full_path()}")
        return self.get_response(request)


def _to_login(request: HttpRequest) -> HttpResponse:
    login_url = reverse(settings.LOGIN_URL)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = login_url
        return response
    return redirect(f"{login_url}?next={request.get_full_path()}")
