"""A child's plan (professionals with a relation): interventions, goals, progress, evaluations; and My work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.children.models import Child
from trivsel.children.selectors import child_get, grant_candidates
from trivsel.children.views import _user
from trivsel.lib.forms import add_service_errors
from trivsel.meetings.models import AgendaItem
from trivsel.plans.forms import EvaluationForm, GoalForm, InterventionForm, MilestoneForm, ProgressForm
from trivsel.plans.selectors import (
    child_agreements,
    child_plan,
    goal_get,
    intervention_get,
    milestone_get,
    my_work_page,
    parent_contact,
)
from trivsel.plans.services import (
    PURPOSE,
    evaluation_record,
    goal_add,
    intervention_create,
    milestone_add,
    milestone_reach,
    progress_record,
)


def _child(request: HttpRequest, child_id: int) -> tuple[User, Child]:
    user = _user(request)
    # Parents see the plan in the portal: here it does not exist for them (404).
    child, _relation = child_get(
        user=user, child_id=child_id, purpose=PURPOSE, rule="view_child_details", denied_status=404
    )
    return user, child


def _people(child: Child) -> object:
    """Who may be responsible: the child's own staff and the municipality's advisers and specialists."""
    return grant_candidates(child)


def plan_view(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _child(request, child_id)[1]
    context = {
        "child": child,
        "plan": child_plan(child),
        "agreements": child_agreements(child),
        "contact": parent_contact(child),
        "progress_form": ProgressForm(),
        "milestone_form": MilestoneForm(),
    }
    return render(request, "plans/plan.html", context)


def intervention_create_view(request: HttpRequest, child_id: int) -> HttpResponse:
    user, child = _child(request, child_id)
    item_id = request.GET.get("punkt", "")
    item = AgendaItem.objects.filter(pk=int(item_id), child=child).first() if item_id.isdigit() else None
    form = InterventionForm(request.POST or None, people=_people(child), initial={"responsible": user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intervention = intervention_create(
                actor=user,
                child=child,
                type=data["type"],
                responsible=data["responsible"],
                start=data["start"],
                planned_end=data["planned_end"],
                evaluation_due=data["evaluation_due"],
                description=data["description"],
                item=item,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The intervention has been created. Add its goals."))
            return redirect("plans:goal_add", child_id=child.pk, intervention_id=intervention.pk)
    return render(request, "plans/intervention_form.html", {"child": child, "form": form, "item": item})


def goal_add_view(request: HttpRequest, child_id: int, intervention_id: int) -> HttpResponse:
    user, child = _child(request, child_id)
    intervention = intervention_get(child=child, intervention_id=intervention_id)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal_add(
                actor=user, intervention=intervention, title=data["title"], area=data["area"], owner=data["owner"],
                scale=data["scale"], target=data["target"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The goal has been added."))
            if "another" in request.POST:
                return redirect("plans:goal_add", child_id=child.pk, intervention_id=intervention.pk)
            return redirect("plans:plan", child_id=child.pk)
    return render(request, "plans/goal_form.html", {"child": child, "intervention": intervention, "form": form})


@require_POST
def progress_view(request: HttpRequest, child_id: int, goal_id: int) -> HttpResponse:
    user, child = _child(request, child_id)
    goal = goal_get(child=child, goal_id=goal_id)
    form = ProgressForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            progress_record(actor=user, goal=goal, rater=data["rater"], value=data["value"], comment=data["comment"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The rating has been saved."))
    else:
        messages.error(request, _("Give a rating as a whole number."))
    return redirect(f"/boern/{child.pk}/plan/#goal-{goal.pk}")


@require_POST
def milestone_add_view(request: HttpRequest, child_id: int, goal_id: int) -> HttpResponse:
    user, child = _child(request, child_id)
    goal = goal_get(child=child, goal_id=goal_id)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            milestone_add(actor=user, goal=goal, title=form.cleaned_data["title"], due=form.cleaned_data["due"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The milestone has been added."))
    else:
        messages.error(request, _("Describe the milestone."))
    return redirect(f"/boern/{child.pk}/plan/#goal-{goal.pk}")


@require_POST
def milestone_reach_view(request: HttpRequest, child_id: int, milestone_id: int) -> HttpResponse:
    user, child = _child(request, child_id)
    milestone = milestone_get(child=child, milestone_id=milestone_id)
    milestone_reach(actor=user, milestone=milestone)
    messages.success(request, _("The milestone has been marked as reached."))
    return redirect(f"/boern/{child.pk}/plan/#goal-{milestone.goal_id}")


def evaluation_view(request: HttpRequest, child_id: int, intervention_id: int) -> HttpResponse:
    user, child = _child(request, child_id)
    intervention = intervention_get(child=child, intervention_id=intervention_id)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation_record(
                actor=user,
                intervention=intervention,
                outcome=data["outcome"],
                note=data["note"],
                next_due=data["next_due"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The evaluation has been recorded."))
            return redirect("plans:plan", child_id=child.pk)
    views = [v for v in child_plan(child) if v.intervention.pk == intervention.pk]
    return render(request, "plans/evaluation_form.html", {"child": child, "view": views[0], "form": form})


def my_work_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_guardian:
        raise Http404
    page = my_work_page(user, request.GET.get("side"))
    return render(request, "plans/my_work.html", {"rows": page.object_list, "page": page})
