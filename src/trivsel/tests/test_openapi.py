"""The API's OpenAPI schema: served, valid, and listing every endpoint with its error answers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

EXPECTED = {
    "/api/v1/children": {"get": {"200", "401", "422"}},
    "/api/v1/children/{child_id}": {"get": {"200", "401", "404"}},
    "/api/v1/children/{child_id}/guardians": {"get": {"200", "401", "404"}},
    "/api/v1/children/{child_id}/enrolments": {"get": {"200", "401", "404"}},
    "/api/v1/children/{child_id}/consents": {
        "get": {"200", "401", "404"},
        "post": {"201", "401", "403", "404", "422"},
    },
    "/api/v1/children/{child_id}/consents/{consent_id}/withdraw": {"post": {"200", "401", "403", "404", "422"}},
    "/api/v1/screening/rounds": {"get": {"200", "401"}},
    "/api/v1/meetings": {"get": {"200", "401"}},
    "/api/v1/meetings/{meeting_id}": {"get": {"200", "401", "404"}},
    "/api/v1/transitions": {"get": {"200", "401"}},
    "/api/v1/guide/pages": {"get": {"200", "401"}},
    "/api/v1/guide/pages/{slug}": {"get": {"200", "401", "404"}},
    "/api/v1/transitions/{transition_id}/handover": {"get": {"200", "401", "404"}},
    "/api/v1/screening/rounds/{round_id}/groups/{group_id}": {"get": {"200", "401", "404"}},
    "/api/v1/screening/rounds/{round_id}/children/{child_id}/rating": {"put": {"200", "401", "403", "404", "422"}},
    "/api/v1/screening/rounds/{round_id}/children/{child_id}/joint": {"put": {"200", "401", "403", "404", "422"}},
}


@pytest.fixture
def schema(cast) -> dict[str, Any]:
    client = Client()
    client.force_login(cast.pedagogue)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_it_lists_every_endpoint_with_its_documented_answers(schema):
    found = {
        path: {method: set(operation["responses"]) for method, operation in operations.items()}
        for path, operations in schema["paths"].items()
    }

    assert found == EXPECTED


def test_it_is_a_valid_openapi_document(schema):
    validate(schema)  # raises on any violation of the OpenAPI 3.1 specification
    assert schema["openapi"].startswith("3.1")
    assert schema["info"]["title"] == "Trivsel API"


def test_it_requires_the_session_on_every_operation(schema):
    operations = [op for operations in schema["paths"].values() for op in operations.values()]

    assert all(op["security"] == [{"SessionAuth": []}] for op in operations)
    assert schema["components"]["securitySchemes"]["SessionAuth"]["in"] == "cookie"


def test_it_describes_the_consent_body(schema):
    body = schema["components"]["schemas"]["ConsentIn"]

    assert set(body["required"]) == {"guardian_id", "purpose", "method", "valid_from", "valid_until", "recipients"}
    assert schema["components"]["schemas"]["Method"]["enum"] == ["written", "oral", "digital"]
    assert set(schema["components"]["schemas"]["RecipientIn"]["properties"]) == {"unit_id", "role", "user_id"}


def test_it_serves_the_docs_page_from_our_own_static_files(cast, settings):
    # Tests run without collectstatic's manifest; the page only needs the URLs of the package's files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(cast.pedagogue)

    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    # Same origin only, and no inline code: every script is a file or inert JSON settings.
    assert sorted(re.findall(r'<script src="([^"]+)"', html)) == [
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]
    assert [s for s in scripts if "src=" not in s] == [' type="application/json" id="swagger-settings"']
    assert re.findall(r'<link[^>]*href="([^"]+)"', html) == [
        "/static/ninja/swagger-ui.css",
        "/static/ninja/favicon.svg",
        "/static/ninja/favicon.png",
    ]
    assert '"url": "/api/v1/openapi.json"' in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_it_keeps_the_schema_and_docs_from_anonymous_visitors(db):
    client = Client()

    assert client.get("/api/v1/openapi.json").status_code == 401
    assert client.get("/api/v1/docs").status_code == 401
