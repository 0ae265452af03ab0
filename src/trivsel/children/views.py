"""Thin views for professionals: "Mine børn", the child page, CPR reveal."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.children import cpr
from trivsel.children.access import can
from trivsel.children.selectors import (
    child_enrolment_history,
    child_get,
    child_guardianships,
    child_list,
    child_people_with_access,
)
from trivsel.children.services import child_reveal_cpr
from trivsel.consent.selectors import STATUS_LABELS, child_consents, consent_status
from trivsel.lib.time import age_on, today


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware guarantees a signed-in user
    return user


def child_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_guardian:
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    children = child_list(user=user, query=query)
    page = Paginator(children, settings.PAGE_SIZE).get_page(request.GET.get("side"))
    day = today()
    rows = [{"child": c, "age": age_on(c.birth_date, day)} for c in page.object_list]
    template = "children/_child_rows.html" if request.htmx else "children/child_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"page": page, "rows": rows, "query": query})


def child_detail_view(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child, relation = child_get(user=user, child_id=child_id, purpose="child_page")
    if relation.via == "custody":
        raise PermissionDenied  # parents use the portal
    day = today()
    consents = [
        {"consent": c, "status": consent_status(c, day), "status_label": STATUS_LABELS[consent_status(c, day)]}
        for c in child_consents(child)
    ]
    context = {
        "child": child,
        "age": age_on(child.birth_date, day),
        "relation": relation,
        "guardianships": child_guardianships(child),
        "enrolments": child_enrolment_history(child),
        "consents": consents,
        "people": child_people_with_access(child),
        "cpr_masked": cpr.masked(cpr.decrypt(child.cpr_encrypted)) if child.has_cpr else "",
        "can_record_consent": can(user, "record_consent", child),
        "can_view_access_report": can(user, "view_access_report", child),
    }
    return render(request, "children/child_detail.html", context)


@require_POST
def child_cpr_view(request: HttpRequest, child_id: int) -> HttpResponse:
    """Reveal the full CPR number (htmx swaps it in); the reveal is logged."""
    user = _user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose="reveal_cpr")
    number = child_reveal_cpr(actor=user, child=child)
    return render(request, "children/_cpr.html", {"number": number})
