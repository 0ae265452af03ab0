"""The second factor: enrol a TOTP device once, then confirm a code at every sign-in."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from trivsel.accounts.middleware import second_factor_required
from trivsel.accounts.models import User


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "form-input input-char-8"}
        ),
    )


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return "/"


def qr_code_svg(data: str) -> SafeString:
    """An inline SVG QR code of ``data``, drawn server-side.

    The path factory draws with ``fill`` attributes and one path, never ``style`` attributes, which
    the Content Security Policy (``style-src 'self'``) would block. The white background keeps it
    scannable on a dark screen.
    """
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    # qrcode writes only its own markup around our otpauth URI, which it escapes as XML text.
    return mark_safe(svg)  # noqa: S308


def _device_for(user: User) -> TOTPDevice:
    """The user's confirmed device, or the unconfirmed one being enrolled (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Trivsel", confirmed=False)
    return device


def otp_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if user.is_verified() or not second_factor_required(user):  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    device = _device_for(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request))
        if allowed:
            form.add_error("token", _("The code is not correct. Check the time on your phone and try again."))
        else:
            # django-otp doubles the wait after every wrong code, so guessing all million codes is hopeless.
            form.add_error("token", _("Too many wrong codes in a row. Wait a little while, then type a new code."))
    context = {
        "form": form,
        "device": device,
        "enrolling": not device.confirmed,
        "next": _next_url(request),
    }
    if not device.confirmed:
        context["secret"] = base64.b32encode(device.bin_key).decode()
        context["qr_code"] = qr_code_svg(device.config_url)
    return render(request, "accounts/otp.html", context)
