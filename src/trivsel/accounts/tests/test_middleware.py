"""Login required everywhere (with an explicit allow-list), 401 for the API, and the session timeouts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from trivsel.accounts import middleware
from trivsel.accounts.middleware import SESSION_LAST_SEEN_KEY, SESSION_STARTED_KEY, client_ip
from trivsel.conftest import Cast

# Everything a visitor may reach without logging in. Static files are answered by whitenoise
# before any view runs. Adding a name here is a security decision: write down why in ADR 0003.
PUBLIC_VIEWS = {
    "accounts:login",
    "set_language",
    "questionnaires:link",
    # The collaboration guide's reading pages (seed 004: for parents and citizens without login, ADR 0013).
    *("guide:index", "guide:search", "guide:page", "guide:fora", "guide:action_guide", "guide:catalogue"),
}

NOW = 1_750_000_000  # a fixed "now" in seconds since the epoch


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield prefix + str(entry.pattern), name, entry.callback


def _example_path(pattern: str) -> str:
    """A concrete path for a URL pattern: every <converter:name> becomes 1 (regex admin patterns are skipped)."""
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "1", pattern)


def test_only_the_allow_list_is_reachable_without_login() -> None:
    public = {
        name or pattern
        for pattern, name, view in _patterns(get_resolver())
        if not getattr(view, "login_required", True)
    }

    assert public == PUBLIC_VIEWS


def test_anonymous_visitors_are_sent_to_the_login_page(db: None) -> None:
    response = Client().get("/boern/?q=Emma&side=2")

    assert response.status_code == 302
    assert response["Location"] == "/konto/log-ind/?next=/boern/%3Fq%3DEmma%26side%3D2"


def test_static_files_need_no_login(db: None) -> None:
    response = Client().get("/static/trivsel/css/trivsel.css")

    assert response.status_code == 200
    assert b".trivsel-brand" in response.getvalue()


def test_every_api_url_answers_anonymous_clients_with_401_json(db: None) -> None:
    api_paths = [_example_path(p) for p, name, _view in _patterns(get_resolver()) if name.startswith("api:")]
    assert "/api/v1/openapi.json" in api_paths
    assert len(api_paths) >= 2

    for path in api_paths:
        for method in ("get", "post"):
            client = Client()
            client.cookies["django_language"] = "en"
            response = getattr(client, method)(path)
            assert response.status_code == 401, (method, path)
            assert response.json() == {"detail": "Log in to use the API."}, path
            assert response["WWW-Authenticate"] == 'Cookie realm="trivsel"'


def test_a_logged_in_professional_reads_the_openapi_schema(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.pedagogue)

    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Trivsel API"


# --- Session timeouts: SESSION_IDLE_TIMEOUT and SESSION_ABSOLUTE_TIMEOUT (seconds); a request exactly
# at a limit passes, one second later the session ends.


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    now = {"value": NOW}
    monkeypatch.setattr(middleware, "now_seconds", lambda: now["value"])
    return now


@pytest.fixture
def timeouts(settings) -> tuple[int, int]:
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    settings.SESSION_ABSOLUTE_TIMEOUT = 10 * 60 * 60
    return settings.SESSION_IDLE_TIMEOUT, settings.SESSION_ABSOLUTE_TIMEOUT


def _logged_in(user: Any, *, started: int, last_seen: int) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    session = client.session
    session[SESSION_STARTED_KEY] = started
    session[SESSION_LAST_SEEN_KEY] = last_seen
    session.save()
    return client


def test_the_default_timeouts_are_30_minutes_idle_and_10_hours_in_all(settings) -> None:
    assert settings.SESSION_IDLE_TIMEOUT == 1800
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 36000


def test_a_session_idle_exactly_the_limit_survives_and_is_refreshed(cast: Cast, clock, timeouts) -> None:
    idle, _absolute = timeouts
    client = _logged_in(cast.pedagogue, started=NOW - idle, last_seen=NOW - idle)

    response = client.get("/boern/")

    assert response.status_code == 200
    assert client.session[SESSION_LAST_SEEN_KEY] == NOW
    assert client.session[SESSION_STARTED_KEY] == NOW - idle


def test_a_session_idle_one_second_too_long_is_logged_out(cast: Cast, clock, timeouts) -> None:
    idle, _absolute = timeouts
    client = _logged_in(cast.pedagogue, started=NOW - idle - 1, last_seen=NOW - idle - 1)

    response = client.get("/boern/")

    assert response.status_code == 302
    assert response["Location"] == "/konto/log-ind/?next=/boern/"
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You were logged out because the session timed out." in page


def test_a_busy_session_survives_exactly_the_absolute_limit(cast: Cast, clock, timeouts) -> None:
    _idle, absolute = timeouts
    client = _logged_in(cast.pedagogue, started=NOW - absolute, last_seen=NOW - 5)

    assert client.get("/boern/").status_code == 200


def test_a_busy_session_ends_one_second_after_the_absolute_limit(cast: Cast, clock, timeouts) -> None:
    _idle, absolute = timeouts
    client = _logged_in(cast.pedagogue, started=NOW - absolute - 1, last_seen=NOW - 5)

    response = client.get("/boern/")

    assert response["Location"] == "/konto/log-ind/?next=/boern/"
    assert SESSION_KEY not in client.session


def test_activity_keeps_a_session_alive_until_the_absolute_limit(cast: Cast, clock, timeouts) -> None:
    idle, absolute = timeouts
    client = _logged_in(cast.pedagogue, started=NOW, last_seen=NOW)
    # A request every idle period keeps the session going...
    while clock["value"] + idle <= NOW + absolute:
        clock["value"] += idle
        assert client.get("/boern/").status_code == 200, clock["value"] - NOW
    # ...but never past the absolute limit.
    clock["value"] = NOW + absolute + 1

    assert client.get("/boern/").status_code == 302


def test_a_timed_out_htmx_request_reloads_the_whole_login_page(cast: Cast, clock, timeouts) -> None:
    idle, _absolute = timeouts
    client = _logged_in(cast.pedagogue, started=NOW - idle - 1, last_seen=NOW - idle - 1)

    response = client.get("/boern/", headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/konto/log-ind/"


def test_a_timed_out_api_request_gets_401_json(cast: Cast, clock, timeouts) -> None:
    idle, _absolute = timeouts
    client = _logged_in(cast.pedagogue, started=NOW - idle - 1, last_seen=NOW - idle - 1)

    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 401
    assert response.json() == {"detail": "You were logged out because the session timed out."}


# --- The client's address for the lockout (django-axes).


def test_it_takes_the_address_from_the_connection_outside_production(settings) -> None:
    settings.BEHIND_PROXY = False
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.1")

    assert client_ip(request) == "192.0.2.7"


def test_behind_the_proxy_it_takes_the_address_the_proxy_appended(settings) -> None:
    settings.BEHIND_PROXY = True
    # The client forged the first entry; our proxy appended the real address last.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.4")

    assert client_ip(request) == "198.51.100.4"


def test_behind_the_proxy_without_the_header_it_falls_back_to_the_connection(settings) -> None:
    settings.BEHIND_PROXY = True
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")

    assert client_ip(request) == "10.0.0.2"
