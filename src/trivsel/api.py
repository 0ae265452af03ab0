"""The JSON API (django-ninja): one NinjaAPI, a router per app, OpenAPI at /api/v1/openapi.json.

Authentication is the session cookie (``django_auth``), which also checks CSRF on unsafe methods:
a POST needs the ``X-CSRFToken`` header. Anonymous requests get 401. Errors have two shapes:
``{"detail": ...}`` (401, 403, 404; a 404 is the same for a missing and a forbidden record) and
``{"detail": ..., "errors": {field: [messages]}}`` (422, for malformed input and refused values alike).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from trivsel.children.api import router as children_router
from trivsel.children.schemas import FieldErrorsOut
from trivsel.consent.api import router as consent_router
from trivsel.guide.api import router as guide_router
from trivsel.meetings.api import router as meetings_router
from trivsel.screening.api import router as screening_router
from trivsel.transitions.api import router as transitions_router

api = NinjaAPI(
    title="Trivsel API",
    version="1",
    description=(
        "Children, guardians, enrolments, consent, screening, meetings and transitions, scoped by the same access "
        "policy as the pages, and the collaboration guide's pages."
    ),
    auth=django_auth,
    urls_namespace="api",
    # Interactive docs at /api/v1/docs. Ninja takes Swagger UI from a CDN unless "ninja" is an installed
    # app; it is (settings.INSTALLED_APPS), so the page loads only our own static files and no inline
    # script, as the CSP demands. Like every page, it needs a signed-in user.
    docs_url="/docs",
)
api.add_router("/children", children_router)
api.add_router("/children", consent_router)
api.add_router("/screening", screening_router)
api.add_router("/meetings", meetings_router)
api.add_router("/transitions", transitions_router)
api.add_router("/guide", guide_router)

# Parameter locations ninja puts in front of a field's path in a validation error.
_LOCATIONS = {"body", "query", "path", "form", "cookie", "header"}


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # One constant body, also under DEBUG: a missing child and a forbidden one must look the same.
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Malformed input gets the same 422 shape as a service's ValidationError: messages per field."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in _LOCATIONS:
            loc = loc[2:] if loc[0] == "body" else loc[1:]
        errors.setdefault(".".join(loc) or "__all__", []).append(str(error.get("msg", "")))
    body = FieldErrorsOut(detail="Validation failed", errors=errors)
    return api.create_response(request, body.model_dump(), status=422)
