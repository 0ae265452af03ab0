"""Thin views for professionals: "Mine børn", the child page, CPR reveal, access grants."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.children import cpr
from trivsel.children.access import can, current_grants
from trivsel.children.forms import AccessGrantForm
from trivsel.children.models import GrantSource
from trivsel.children.selectors import (
    child_enrolment_history,
    child_get,
    child_guardianships,
    child_list,
    child_people_with_access,
)
from trivsel.children.services import access_grant_create, access_grant_revoke, child_reveal_cpr
from trivsel.concerns.selectors import child_concerns
from trivsel.consent.selectors import STATUS_LABELS, child_consents, consent_status
from trivsel.lib.forms import add_service_errors
from trivsel.lib.time import age_on, today
from trivsel.screening.selectors import child_position_history
from trivsel.transitions.selectors import child_transitions, may_create_for


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
    # Parents see their child in the portal, not here: "view_child_details" is for professionals.
    child, relation = child_get(user=user, child_id=child_id, purpose="child_page", rule="view_child_details")
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
        "concerns": child_concerns(child, day),
        "screenings": child_position_history(child),
        "transitions": child_transitions(child),
        "may_create_transition": bool(may_create_for(user, child)),
    }
    return render(request, "children/child_detail.html", context)


@require_POST
def child_cpr_view(request: HttpRequest, child_id: int) -> HttpResponse:
    """Reveal the full CPR number (htmx swaps it in); the reveal is logged."""
    user = _user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose="reveal_cpr", rule="reveal_cpr")
    number = child_reveal_cpr(actor=user, child=child)
    return render(request, "children/_cpr.html", {"number": number})


def grant_create_view(request: HttpRequest, child_id: int) -> HttpResponse:
    """A leader gives a professional time-limited access to the child, with a reason."""
    user = _user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose="access_grant", rule="view_access_report")
    form = AccessGrantForm(request.POST or None, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            access_grant_create(
                actor=user,
                child=child,
                user=form.cleaned_data["user"],
                source=GrantSource.MANUAL,
                reason=form.cleaned_data["reason"],
                ends_at=form.ends_at(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, aliases={"ends_at": "until"})
        else:
            messages.success(request, _("Access has been given."))
            return redirect("children:detail", child_id=child.pk)
    return render(request, "children/grant_form.html", {"child": child, "form": form})


@require_POST
def grant_revoke_view(request: HttpRequest, child_id: int, grant_id: int) -> HttpResponse:
    user = _user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose="access_grant", rule="view_access_report")
    grant = get_object_or_404(current_grants().select_related("child"), pk=grant_id, child=child)
    access_grant_revoke(actor=user, grant=grant)
    messages.success(request, _("The access has been revoked."))
    return redirect("children:detail", child_id=child.pk)
