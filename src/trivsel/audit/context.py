"""The request behind the current operation, so services can log its address without taking a request."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_current_path: ContextVar[str] = ContextVar("trivsel_audit_path", default="")


def current_path() -> str:
    return _current_path.get()


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_path.set(request.get_full_path()[:300])
        try:
            return self.get_response(request)
        finally:
            _current_path.reset(token)
