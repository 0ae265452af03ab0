from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("cookie", "accept_language", "expected"),
    [
        (None, "en-GB,en;q=0.9", "da"),  # an English browser still gets Danish
        ("en", "da-DK", "en"),  # the switch wins
        ("da", "en", "da"),
        ("fr", "en", "da"),  # an unknown choice falls back to Danish
    ],
)
def test_the_language_is_danish_unless_chosen(client, db, cookie, accept_language, expected):
    if cookie:
        client.cookies["django_language"] = cookie
    response = client.get("/konto/log-ind/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert f'<html lang="{expected}">' in response.content.decode()
    assert response["Content-Language"] == expected
