"""Recording a concern and following it through the action guide (professionals with a relation)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.children.access import Relation
from trivsel.children.models import Child
from trivsel.children.selectors import child_get
from trivsel.children.views import _user
from trivsel.concerns.forms import ConcernForm, ConcernStepForm
from trivsel.concerns.models import Concern
from trivsel.concerns.selectors import concern_get, concern_state
from trivsel.concerns.services import PURPOSE, concern_close, concern_create, concern_step_record
from trivsel.lib.forms import add_service_errors
from trivsel.lib.time import today

RULE = "view_child_details"  # parents do not see concerns in this release


def _child(request: HttpRequest, child_id: int) -> tuple[User, Child, Relation]:
    user = _user(request)
    # Parents do not see concerns in this release: for them the pages do not exist (404, not 403).
    child, relation = child_get(user=user, child_id=child_id, purpose=PURPOSE, rule=RULE, denied_status=404)
    return user, child, relation


def concern_create_view(request: HttpRequest, child_id: int) -> HttpResponse:
    user, child, _relation = _child(request, child_id)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern = concern_create(
                actor=user,
                child=child,
                observed_on=data["observed_on"],
                description=data["description"],
                areas=data["areas"],
                level_code=data["level"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The concern has been recorded."))
            return redirect("concerns:detail", child_id=child.pk, concern_id=concern.pk)
    return render(request, "concerns/concern_form.html", {"child": child, "form": form})


def _step_form(code: str, data: QueryDict | None = None) -> ConcernStepForm:
    # One form per step on the page: ids carry the step's code so that labels stay unique.
    return ConcernStepForm(data, initial={"step_code": code, "done_on": today()}, auto_id=f"id_{code}_%s")


def _detail(request: HttpRequest, child: Child, concern: Concern, forms: dict[str, ConcernStepForm]) -> HttpResponse:
    state = concern_state(concern)
    rows = [{"state": s, "form": forms.get(s.step.code) or _step_form(s.step.code)} for s in state.steps]
    context = {
        "child": child,
        "state": state,
        "rows": rows,
        "notifications": concern.notifications.order_by("filed_at"),
    }
    return render(request, "concerns/concern_detail.html", context)


def concern_detail_view(request: HttpRequest, child_id: int, concern_id: int) -> HttpResponse:
    # child_get logged the read (purpose "concern", the path names the concern): one row per page, as everywhere.
    _actor, child, _relation = _child(request, child_id)
    concern = concern_get(child=child, concern_id=concern_id)
    return _detail(request, child, concern, {})


def _step_row(request: HttpRequest, concern: Concern, code: str, form: ConcernStepForm | None) -> HttpResponse:
    """Only the step's row and the count (out of band), for htmx to swap in."""
    state = concern_state(concern)
    row = next((s for s in state.steps if s.step.code == code), None)
    if row is None:  # not a step of this level: only a hand-made request gets here
        return HttpResponse(status=400)
    context = {"state": state, "row": {"state": row, "form": form or _step_form(code)}}
    return render(request, "concerns/_step_swap.html", context)


@require_POST
def concern_step_view(request: HttpRequest, child_id: int, concern_id: int) -> HttpResponse:
    user, child, _relation = _child(request, child_id)
    concern = concern_get(child=child, concern_id=concern_id)
    code = str(request.POST.get("step_code", ""))
    form = _step_form(code, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            concern_step_record(
                actor=user, concern=concern, step_code=data["step_code"], done_on=data["done_on"], note=data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return _step_row(request, concern, code, None)
            messages.success(request, _("The step has been marked as done."))
            return redirect("concerns:detail", child_id=child.pk, concern_id=concern.pk)
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only 2xx answers by default, so the row with its errors comes back as 200.
        return _step_row(request, concern, code, form)
    # Show the page again with the step's form keeping what was typed and its errors.
    response = _detail(request, child, concern, {code: form})
    response.status_code = 400
    return response


@require_POST
def concern_close_view(request: HttpRequest, child_id: int, concern_id: int) -> HttpResponse:
    user, child, _relation = _child(request, child_id)
    concern = concern_get(child=child, concern_id=concern_id)
    try:
        concern_close(actor=user, concern=concern)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The concern has been closed."))
    return redirect("concerns:detail", child_id=child.pk, concern_id=concern.pk)
