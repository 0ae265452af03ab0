"""The JSON API (django-ninja): one NinjaAPI, a router per app, OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Trivsel API",
    version="1",
    description="Children, guardians, enrolments and consent, scoped by the same access policy as the pages.",
    auth=django_auth,
    urls_namespace="api",
)
