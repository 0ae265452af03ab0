"""The leader's access report for one child."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trivsel.audit.selectors import child_access_log
from trivsel.children.access import can
from trivsel.children.selectors import child_get
from trivsel.children.views import _user


def child_report_view(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose="access_report")
    if not can(user, "view_access_report", child):
        raise PermissionDenied
    page = Paginator(child_access_log(child), settings.PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "audit/child_report.html", {"child": child, "page": page})
