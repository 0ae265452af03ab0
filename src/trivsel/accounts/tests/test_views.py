"""Login, lockout (django-axes), logout, the language switch, the admin's login and changing a password."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from trivsel.accounts.middleware import SESSION_LAST_SEEN_KEY, SESSION_STARTED_KEY
from trivsel.conftest import Cast

PASSWORD = "test-password-123"
LOGIN_URL = "/konto/log-ind/"


@pytest.fixture
def english_client() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def _post_login(client: Client, username: str, password: str):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_it_shows_the_login_form_to_anonymous_visitors(english_client: Client, db: None) -> None:
    response = english_client.get(LOGIN_URL)

    assert response.status_code == 200
    assert response.templates[0].name == "accounts/login.html"
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_a_wrong_password_shows_a_clear_error_and_keeps_the_user_out(english_client: Client, cast: Cast) -> None:
    response = _post_login(english_client, "pia", "not-the-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert "Please enter a correct username and password." in html
    assert 'value="pia"' in html  # the username is kept
    assert SESSION_KEY not in english_client.session


def test_a_correct_password_logs_in_and_starts_the_session_clocks(
    english_client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("trivsel.accounts.middleware.now_seconds", lambda: 1_700_000_000)

    response = _post_login(english_client, "pia", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    session = english_client.session
    assert session[SESSION_KEY] == str(cast.pedagogue.pk)
    assert session[SESSION_STARTED_KEY] == 1_700_000_000
    assert session[SESSION_LAST_SEEN_KEY] == 1_700_000_000


def test_it_logs_out_with_a_post_and_forgets_the_session(english_client: Client, cast: Cast) -> None:
    english_client.force_login(cast.pedagogue)

    response = english_client.post("/konto/log-ud/")

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert SESSION_KEY not in english_client.session
    assert english_client.get("/boern/")["Location"] == "/konto/log-ind/?next=/boern/"


# --- Lockout (django-axes): AXES_FAILURE_LIMIT = 5, AXES_COOLOFF_TIME = 30 minutes, status 429.


def test_it_locks_a_username_out_at_the_fifth_wrong_password(english_client: Client, cast: Cast, settings) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert _post_login(english_client, "pia", "wrong-password").status_code == 200

    response = _post_login(english_client, "pia", "wrong-password")

    assert response.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in response.templates]
    assert response["Retry-After"] == "1800"


def test_a_locked_out_user_is_refused_even_with_the_correct_password(english_client: Client, cast: Cast) -> None:
    for _attempt in range(5):
        _post_login(english_client, "pia", "wrong-password")

    response = _post_login(english_client, "pia", PASSWORD)

    assert response.status_code == 429
    assert SESSION_KEY not in english_client.session


def test_the_lockout_page_says_when_to_try_again(english_client: Client, cast: Cast) -> None:
    for _attempt in range(4):
        _post_login(english_client, "pia", "wrong-password")
    before = timezone.now()

    response = _post_login(english_client, "pia", "wrong-password")

    retry_at = response.context["retry_at"]
    assert before + timedelta(minutes=30) <= retry_at <= timezone.now() + timedelta(minutes=30)
    html = re.sub(r"\s+", " ", response.content.decode())
    assert 'id="locked-out"' in html
    local = timezone.localtime(retry_at)  # Europe/Copenhagen
    assert f"You can try again in 30 minutes, at {local:%H:%M}." in html


def test_the_lockout_is_per_address_so_the_user_can_still_log_in_elsewhere(cast: Cast) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _attempt in range(5):
        _post_login(attacker, "pia", "wrong-password")

    response = _post_login(Client(REMOTE_ADDR="198.51.100.20"), "pia", PASSWORD)

    assert response.status_code == 302


def test_a_successful_login_clears_earlier_failures(english_client: Client, cast: Cast) -> None:
    for _attempt in range(4):
        _post_login(english_client, "pia", "wrong-password")
    assert _post_login(english_client, "pia", PASSWORD).status_code == 302
    english_client.post("/konto/log-ud/")

    response = _post_login(english_client, "pia", "wrong-password")

    assert response.status_code == 200


# --- The language switch works before login.


def test_anonymous_visitors_can_switch_language_on_the_login_page(db: None) -> None:
    client = Client()

    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN_URL})

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert client.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get(LOGIN_URL).content.decode()


def test_the_language_switch_refuses_to_redirect_to_another_site(db: None) -> None:
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"


# --- The admin has no login form of its own.


def test_the_admin_signs_in_through_trivsels_login(cast: Cast) -> None:
    client = Client()

    response = client.get("/admin/organisation/unit/")

    assert response["Location"] == "/konto/log-ind/?next=/admin/organisation/unit/"

    response = client.post(
        LOGIN_URL, {"username": "admin", "password": PASSWORD, "next": "/admin/organisation/unit/"}, follow=True
    )

    assert response.redirect_chain == [("/admin/organisation/unit/", 302)]
    assert response.status_code == 200
    assert response.templates[0].name == "admin/change_list.html"


def test_the_admins_own_login_form_never_authenticates(cast: Cast) -> None:
    client = Client()

    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})

    assert response["Location"] == "/konto/log-ind/?next=/admin/login/"
    assert SESSION_KEY not in client.session


def test_the_admin_login_passes_a_signed_in_administrator_on(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.administrator)

    response = client.get("/admin/login/?next=/admin/organisation/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/organisation/"


def test_the_admin_login_refuses_signed_in_staff_who_are_not_administrators(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.pedagogue)

    assert client.get("/admin/").status_code == 302  # the admin sends non-staff to its login...
    assert client.get("/admin/login/?next=/admin/").status_code == 403  # ...which refuses, no loop


# --- Changing one's password.


def test_a_user_changes_their_password_and_stays_logged_in(english_client: Client, cast: Cast) -> None:
    english_client.force_login(cast.pedagogue)
    new_password = "a-much-longer-passphrase-42"

    response = english_client.post(
        "/konto/adgangskode/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    cast.pedagogue.refresh_from_db()
    assert cast.pedagogue.check_password(new_password)
    assert english_client.get("/boern/").status_code == 200  # the session survived the change


def test_a_wrong_old_password_keeps_the_password(english_client: Client, cast: Cast) -> None:
    english_client.force_login(cast.pedagogue)

    response = english_client.post(
        "/konto/adgangskode/",
        {"old_password": "not-it", "new_password1": "x-long-passphrase-43", "new_password2": "x-long-passphrase-43"},
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in response.content.decode()
    cast.pedagogue.refresh_from_db()
    assert cast.pedagogue.check_password(PASSWORD)


def test_the_password_page_uses_the_design_systems_inputs(english_client: Client, cast: Cast) -> None:
    english_client.force_login(cast.pedagogue)

    html = english_client.get("/konto/adgangskode/").content.decode()

    assert html.count('class="form-input input-width-l"') == 3
    assert "<ul>" not in html.split('id="main-content"')[1]  # the validators' hint is plain text


def test_the_password_page_needs_a_login(db: None) -> None:
    assert Client().get("/konto/adgangskode/")["Location"] == "/konto/log-ind/?next=/konto/adgangskode/"
