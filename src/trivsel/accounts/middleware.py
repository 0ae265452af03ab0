"""Login required everywhere, session timeouts and the two-factor gate for staff.

Middleware order (settings.MIDDLEWARE): SessionTimeoutMiddleware, LoginRequiredMiddleware,
TwoFactorMiddleware. Each answers the JSON API (``/api/``) with 401 JSON and the pages with a
redirect, because an API client cannot follow a login form.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from trivsel.accounts.models import User

# Session keys (seconds since the epoch) read by SessionTimeoutMiddleware.
SESSION_STARTED_KEY = "trivsel_started"
SESSION_LAST_SEEN_KEY = "trivsel_last_seen"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_unauthorized(detail: str) -> JsonResponse:
    """The same shape django-ninja gives for a failed auth check: ``{"detail": ...}``."""
    response = JsonResponse({"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Cookie realm="trivsel"'
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for django-axes.

    Behind our reverse proxy every request comes from the proxy, so a per-address lockout would
    lock a username out for everyone. The proxy appends the real address as the last entry of
    X-Forwarded-For; entries before it are whatever the client sent and cannot be trusted.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    remote_addr: str | None = request.META.get("REMOTE_ADDR")
    return remote_addr


def now_seconds() -> int:
    """Whole seconds since the epoch: the unit of both session clocks."""
    return int(time.time())


def mark_session_started(request: HttpRequest) -> None:
    """Start both session clocks; the login view calls this right after a successful login."""
    now = now_seconds()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_LAST_SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Log out after more than ``SESSION_IDLE_TIMEOUT`` seconds idle or ``SESSION_ABSOLUTE_TIMEOUT`` in all.

    A request exactly at a limit is still allowed; one second later the session ends.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            now = now_seconds()
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            last_seen = request.session.get(SESSION_LAST_SEEN_KEY, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            expired = now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or expired:
                logout(request)
                message = _("You were logged out because the session timed out.")
                if is_api_request(request):
                    return api_unauthorized(message)
                messages.info(request, message)
                return _to_login(request)
            if last_seen != now:  # one session write per second at most
                request.session[SESSION_LAST_SEEN_KEY] = now
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every view needs a signed-in user unless it is marked ``@login_not_required``.

    The allow-list is the login page and the language switch (tested in test_middleware.py);
    static files never reach Django's middleware (whitenoise answers them first).
    """

    def get_login_url(self, view_func: Callable[..., HttpResponseBase]) -> str:
        # One login page for everything: the admin marks its views with its own login_url.
        return str(resolve_url(settings.LOGIN_URL))

    # The stubs promise a redirect; for the API we deliberately answer 401 JSON instead.
    def handle_no_permission(  # type: ignore[override]
        self, request: HttpRequest, view_func: Callable[..., HttpResponseBase]
    ) -> HttpResponse:
        if is_api_request(request):
            return api_unauthorized(_("Log in to use the API."))
        return super().handle_no_permission(request, view_func)


def second_factor_required(user: User) -> bool:
    """Everybody confirms a TOTP code except people who are nothing but parents.

    Parents will sign in with MitID, which is already two-factor (ADR 0003). A parent who also
    works in the municipality, or holds any access to children as staff, is treated as staff.
    """
    if not user.is_guardian or user.is_staff:
        return True
    return user.memberships.exists() or user.child_grants.exists()


def _otp_exempt_paths() -> frozenset[str]:
    """Where a signed-in but unverified user may go: the steps needed to finish or abandon signing in."""
    return frozenset(
        {reverse("accounts:login"), reverse("accounts:logout"), reverse("accounts:otp"), reverse("set_language")}
    )


class TwoFactorMiddleware:
    """Staff must confirm a TOTP code (django-otp) before anything but finishing the sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if (
            settings.REQUIRE_2FA
            and isinstance(user, User)
            and not user.is_verified()  # type: ignore[attr-defined]  # added by OTPMiddleware
            and request.path not in _otp_exempt_paths()
            and not request.path.startswith(settings.STATIC_URL)
            and second_factor_required(user)
        ):
            if is_api_request(request):
                return api_unauthorized(_("Confirm the two-step verification code to use the API."))
            return redirect_to_login(request.get_full_path(), reverse("accounts:otp"))
        return self.get_response(request)


def _to_login(request: HttpRequest) -> HttpResponse:
    login_url = reverse(settings.LOGIN_URL)
    if request.headers.get("HX-Request"):
        # htmx would swap the login page into a fragment; tell it to load the whole page instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = login_url
        return response
    return redirect_to_login(request.get_full_path(), login_url)
