"""Two-step verification (TOTP, django-otp) for staff with ``REQUIRE_2FA`` on; parents are not asked."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django.test import Client
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from trivsel.conftest import Cast
from trivsel.testing import factories as f

PASSWORD = "test-password-123"
OTP_URL = "/konto/totrin/"


@pytest.fixture(autouse=True)
def _require_2fa(settings) -> None:
    settings.REQUIRE_2FA = True


@pytest.fixture
def client() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def _password_login(client: Client, username: str) -> None:
    response = client.post("/konto/log-ind/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _wrong_code(device: TOTPDevice) -> str:
    """A code that is wrong for this, the previous and the next time step (the device's tolerance)."""
    valid = {
        totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift) for drift in (-1, 0, 1)
    }
    candidate = int(time.time()) % 1_000_000
    while candidate in valid:
        candidate = (candidate + 1) % 1_000_000
    return f"{candidate:06d}"


def _confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)


def test_a_professional_is_sent_to_the_second_step_after_the_password(client: Client, cast: Cast) -> None:
    _password_login(client, "pia")

    response = client.get("/boern/")

    assert response.status_code == 302
    assert response["Location"] == "/konto/totrin/?next=/boern/"


def test_without_a_confirmed_device_they_see_the_enrolment_with_key_and_qr_code(
    client: Client, cast: Cast, settings
) -> None:
    _password_login(client, "pia")

    response = client.get(OTP_URL, {"next": "/boern/"})

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=cast.pedagogue)
    assert device.confirmed is False
    html = response.content.decode()
    secret = base64.b32encode(device.bin_key).decode()
    assert f'<dd class="trivsel-masked" id="otp-secret">{secret}</dd>' in html
    qr = re.search(r'<div class="trivsel-qr" role="img"[^>]*>(.*?)</div>', html, re.S)
    assert qr is not None
    assert qr.group(1).startswith("<svg ")
    assert "<path " in qr.group(1)
    assert "style=" not in qr.group(1)  # CSP style-src 'self' would block style attributes
    assert f'href="{escape(device.config_url)}"' in html
    assert device.config_url.startswith(f"otpauth://totp/{settings.OTP_TOTP_ISSUER}%3Apia?secret={secret}&")


def test_reloading_the_enrolment_keeps_the_same_key(client: Client, cast: Cast) -> None:
    _password_login(client, "pia")
    client.get(OTP_URL)
    client.get(OTP_URL)

    assert TOTPDevice.objects.filter(user=cast.pedagogue).count() == 1


def test_a_correct_code_confirms_the_device_and_lets_them_in(client: Client, cast: Cast) -> None:
    _password_login(client, "pia")
    client.get(OTP_URL)
    device = TOTPDevice.objects.get(user=cast.pedagogue)

    response = client.post(OTP_URL, {"token": _code(device), "next": "/boern/"})

    assert response.status_code == 302
    assert response["Location"] == "/boern/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/boern/").status_code == 200


def test_a_wrong_code_shows_the_error_and_keeps_them_out(client: Client, cast: Cast) -> None:
    device = _confirmed_device(cast.pedagogue)
    _password_login(client, "pia")

    response = client.post(OTP_URL, {"token": _wrong_code(device), "next": "/boern/"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "The code is not correct. Check the time on your phone and try again." in html
    assert client.get("/boern/")["Location"] == "/konto/totrin/?next=/boern/"


def test_a_confirmed_device_never_shows_its_key_again(client: Client, cast: Cast) -> None:
    device = _confirmed_device(cast.pedagogue)
    _password_login(client, "pia")

    html = client.get(OTP_URL).content.decode()

    assert base64.b32encode(device.bin_key).decode() not in html
    assert "<svg" not in html
    assert "otpauth://" not in html
    assert TOTPDevice.objects.filter(user=cast.pedagogue).count() == 1


def test_right_after_a_wrong_code_even_the_right_one_waits(client: Client, cast: Cast, settings) -> None:
    # django-otp waits factor × 2^(failures − 1) seconds; a long factor keeps the test independent of speed.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = _confirmed_device(cast.pedagogue)
    _password_login(client, "pia")
    client.post(OTP_URL, {"token": _wrong_code(device)})

    response = client.post(OTP_URL, {"token": _code(device)})

    assert response.status_code == 200
    assert "Too many wrong codes in a row." in response.content.decode()


def test_a_code_cannot_be_used_twice(client: Client, cast: Cast) -> None:
    device = _confirmed_device(cast.pedagogue)
    code = _code(device)
    _password_login(client, "pia")
    assert client.post(OTP_URL, {"token": code}).status_code == 302
    client.post("/konto/log-ud/")
    _password_login(client, "pia")

    response = client.post(OTP_URL, {"token": code})

    assert response.status_code == 200


def test_it_never_redirects_to_another_site_after_the_code(client: Client, cast: Cast) -> None:
    device = _confirmed_device(cast.pedagogue)
    _password_login(client, "pia")

    response = client.post(OTP_URL, {"token": _code(device), "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_an_administrator_is_asked_too(client: Client, cast: Cast) -> None:
    _password_login(client, "admin")

    assert client.get("/admin/")["Location"] == "/konto/totrin/?next=/admin/"


def test_a_parent_is_not_asked_for_a_code(client: Client, cast: Cast) -> None:
    _password_login(client, "mette")

    assert client.get("/portal/").status_code == 200
    assert client.get(OTP_URL)["Location"] == "/"
    assert not TOTPDevice.objects.filter(user=cast.parent).exists()


def test_a_parent_who_also_works_with_children_is_asked(client: Client, cast: Cast) -> None:
    f.MembershipFactory(user=cast.parent, group=cast.other_group)
    _password_login(client, "mette")

    assert client.get("/portal/")["Location"] == "/konto/totrin/?next=/portal/"


def test_an_unverified_professional_gets_401_from_the_api(client: Client, cast: Cast) -> None:
    _password_login(client, "pia")

    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 401
    assert response.json() == {"detail": "Confirm the two-step verification code to use the API."}


def test_an_unverified_professional_may_switch_language_and_log_out(client: Client, cast: Cast) -> None:
    _password_login(client, "pia")

    assert client.post("/i18n/setlang/", {"language": "da", "next": OTP_URL})["Location"] == OTP_URL
    assert client.post("/konto/log-ud/")["Location"] == "/konto/log-ind/"


def test_an_unverified_professional_may_not_change_the_password(client: Client, cast: Cast) -> None:
    _password_login(client, "pia")

    assert client.get("/konto/adgangskode/")["Location"] == "/konto/totrin/?next=/konto/adgangskode/"


def test_without_require_2fa_the_demo_lets_professionals_straight_in(client: Client, cast: Cast, settings) -> None:
    settings.REQUIRE_2FA = False
    _password_login(client, "pia")

    assert client.get("/boern/").status_code == 200
