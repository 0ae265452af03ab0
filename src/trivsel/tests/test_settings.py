"""Production settings: refuse unsafe switches, pass ``check --deploy``; CSP with nonces; CSRF everywhere."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.test import Client

from trivsel.conftest import Cast

ROOT = Path(django_settings.BASE_DIR)
TEMPLATES = ROOT / "src" / "trivsel"
PAGE_TEMPLATES = [
    TEMPLATES / "templates" / "base.html",
    TEMPLATES / "accounts" / "templates" / "accounts" / "login.html",
    TEMPLATES / "accounts" / "templates" / "accounts" / "otp.html",
    TEMPLATES / "accounts" / "templates" / "accounts" / "locked_out.html",
    TEMPLATES / "accounts" / "templates" / "accounts" / "password_change.html",
]


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """A clean production environment: nothing inherited from the test run but PATH and HOME."""
    env = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    env.update(
        TRIVSEL_DEMO="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        TRIVSEL_CPR_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="trivsel.example.dk",
        TRIVSEL_SITE_URL="https://trivsel.example.dk",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        TRIVSEL_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="trivsel.settings",
    )
    env.update(overrides)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path: Path) -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_refuses_to_switch_off_two_factor(tmp_path: Path) -> None:
    env = _production_env(tmp_path, TRIVSEL_REQUIRE_2FA="false")

    result = _run(["-c", "import django; django.setup()"], env)

    assert result.returncode == 1
    assert "django.core.exceptions.ImproperlyConfigured: TRIVSEL_REQUIRE_2FA=false is refused outside the demo." in (
        result.stderr
    )


def test_the_demo_may_switch_off_two_factor(tmp_path: Path) -> None:
    env = _production_env(tmp_path, TRIVSEL_DEMO="true", TRIVSEL_REQUIRE_2FA="false")

    result = _run(["-c", "from django.conf import settings; print(settings.REQUIRE_2FA)"], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "False\n"


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = _production_env(tmp_path, SECRET_KEY="")

    result = _run(["-c", "import django; django.setup()"], env)

    assert result.returncode == 1
    assert "ImproperlyConfigured: Production needs SECRET_KEY and TRIVSEL_CPR_KEY" in result.stderr


def test_production_cookies_are_secure_and_host_bound(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s; print(s.REQUIRE_2FA, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SECURE_HSTS_SECONDS, s.BEHIND_PROXY)"
    )

    result = _run(["-c", code], _production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout == "True True True True __Host-sessionid __Host-csrftoken 31536000 True\n"


# --- Content Security Policy (django-csp 4) with a nonce per response.


def _nonce(response) -> str:
    policy = response["Content-Security-Policy"]
    match = re.search(r"script-src 'self' 'nonce-([A-Za-z0-9+/=_-]+)'", policy)
    assert match is not None, policy
    return match.group(1)


def test_pages_have_a_strict_policy_with_a_fresh_nonce(db: None) -> None:
    first = Client().get("/konto/log-ind/")
    second = Client().get("/konto/log-ind/")

    policy = first["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert _nonce(first) != _nonce(second)


def test_every_script_tag_carries_the_responses_nonce(db: None) -> None:
    response = Client().get("/konto/log-ind/")
    nonce = _nonce(response)

    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())

    assert len(scripts) == 3
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag
        assert " src=" in tag  # no inline script bodies


def test_pages_have_no_inline_handlers_or_style_attributes(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.pedagogue)
    pages = [Client().get("/konto/log-ind/"), client.get("/konto/totrin/"), client.get("/konto/adgangskode/")]

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert re.search(r"\son[a-z]+\s*=", html) is None
        assert re.search(r"\sstyle\s*=", html) is None
        assert "<style" not in html
        assert re.search(r"<script(?![^>]*\ssrc=)", html) is None


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda path: path.name)
def test_templates_have_no_inline_handlers_or_style_attributes(template: Path) -> None:
    # Template comments may talk about <style>; only the markup counts.
    source = re.sub(r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", template.read_text(encoding="utf-8"), flags=re.S)

    assert re.search(r"\son[a-z]+\s*=", source) is None
    assert re.search(r"\sstyle\s*=", source) is None
    assert "<style" not in source
    assert "javascript:" not in source


# --- CSRF: every form post needs the token; htmx sends it from <body hx-headers>.


def test_a_login_post_without_the_csrf_token_is_refused(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/konto/log-ind/", {"username": "pia", "password": "test-password-123"})

    assert response.status_code == 403


def test_a_signed_in_post_without_the_csrf_token_is_refused(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.pedagogue)

    assert client.post("/konto/log-ud/").status_code == 403
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 403
    assert client.get("/boern/").status_code == 200  # still logged in


def test_an_api_post_without_the_csrf_token_is_refused(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.leader)

    response = client.post(
        f"/api/v1/children/{cast.child.pk}/consents", {"purpose": "x"}, content_type="application/json"
    )

    assert response.status_code == 403


def test_htmx_requests_send_the_token_from_the_page(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.pedagogue)
    page = client.get("/boern/").content.decode()
    match = re.search(r"""<body hx-headers='\{"X-CSRFToken": "([^"]+)"\}'>""", page)
    assert match is not None

    response = client.post("/konto/log-ud/", headers={"X-CSRFToken": match.group(1), "HX-Request": "true"})

    assert response.status_code == 302
    assert client.get("/boern/").status_code == 302  # logged out


def test_production_needs_the_site_address_for_links_in_e_mails(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    del env["TRIVSEL_SITE_URL"]
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "TRIVSEL_SITE_URL" in result.stderr
