"""The leader's access report for one child."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trivsel.audit.selectors import child_access_log, child_field_history, describe_change
from trivsel.children.selectors import child_get
from trivsel.children.views import _user


def child_report_view(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose="access_report", rule="view_access_report")
    page = Paginator(child_access_log(child), settings.PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "audit/child_report.html", {"child": child, "page": page})


def child_history_view(request: HttpRequest, child_id: int) -> HttpResponse:
    """The field-level change history of the child's data, for professionals with a relation."""
    user = _user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose="change_history", rule="view_child_details")
    page = Paginator(child_field_history(child), settings.PAGE_SIZE).get_page(request.GET.get("side"))
    rows = [(change, *describe_change(change)) for change in page.object_list]
    return render(request, "audit/child_history.html", {"child": child, "page": page, "rows": rows})
