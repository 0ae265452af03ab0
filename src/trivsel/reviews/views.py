"""Case review pages: thin views over the selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.children.views import _user
from trivsel.lib.forms import add_service_errors
from trivsel.reviews import selectors, services
from trivsel.reviews.access import leads_reviews, reviewers, takes_part_in_reviews
from trivsel.reviews.forms import (
    ActionForm,
    ActionUpdateForm,
    CriterionForm,
    RatingForm,
    RoundForm,
    SchemaForm,
    ThemeForm,
)
from trivsel.reviews.models import Criterion, ReviewRound, SamplingMethod, Stratum
from trivsel.reviews.report import report_context, report_pdf, report_xlsx

BY = {"unit", "district", "age_band"}


def home_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not takes_part_in_reviews(user):
        raise PermissionDenied
    lead = leads_reviews(user)
    context = {
        "reviews": selectors.my_reviews(user),
        "lead": lead,
        "rounds": selectors.rounds_for(user) if lead else [],
        "schemas": selectors.schemas_for(user) if lead else [],
    }
    return render(request, "reviews/home.html", context)


# Schemas ---------------------------------------------------------------------------------------------


def schema_create_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not leads_reviews(user):
        raise PermissionDenied
    form = SchemaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            schema = services.schema_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The schema has been created. Add its themes and criteria."))
            return redirect("reviews:schema", schema_id=schema.pk)
    return render(request, "reviews/schema_form.html", {"form": form})


def schema_view(request: HttpRequest, schema_id: int) -> HttpResponse:
    user = _user(request)
    schema = selectors.schema_get(user, schema_id)
    theme_form, criterion_form = ThemeForm(), CriterionForm(schema=schema)
    if request.method == "POST" and not schema.is_published:
        if "question" in request.POST:
            criterion_form = CriterionForm(request.POST, schema=schema)
            if criterion_form.is_valid():
                try:
                    services.criterion_add(actor=user, **criterion_form.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(criterion_form, exc)
                else:
                    messages.success(request, _("The criterion has been added."))
                    return redirect("reviews:schema", schema_id=schema.pk)
        else:
            theme_form = ThemeForm(request.POST)
            if theme_form.is_valid():
                services.theme_add(actor=user, schema=schema, name=theme_form.cleaned_data["name"])
                messages.success(request, _("The theme has been added."))
                return redirect("reviews:schema", schema_id=schema.pk)
    context = {"schema": schema, "theme_form": theme_form, "criterion_form": criterion_form}
    return render(request, "reviews/schema.html", context)


@require_POST
def criterion_delete_view(request: HttpRequest, schema_id: int, criterion_id: int) -> HttpResponse:
    user = _user(request)
    schema = selectors.schema_get(user, schema_id)
    criterion = get_object_or_404(Criterion, pk=criterion_id, schema=schema)
    try:
        services.criterion_delete(actor=user, criterion=criterion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reviews:schema", schema_id=schema.pk)


@require_POST
def schema_publish_view(request: HttpRequest, schema_id: int) -> HttpResponse:
    user = _user(request)
    schema = selectors.schema_get(user, schema_id)
    try:
        services.schema_publish(actor=user, schema=schema)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The schema has been published and can be used by rounds."))
    return redirect("reviews:schema", schema_id=schema.pk)


@require_POST
def schema_version_view(request: HttpRequest, schema_id: int) -> HttpResponse:
    user = _user(request)
    draft = services.schema_new_version(actor=user, schema=selectors.schema_get(user, schema_id))
    messages.success(request, _("A new version has been made. Rounds of the earlier version keep theirs."))
    return redirect("reviews:schema", schema_id=draft.pk)


# Rounds ----------------------------------------------------------------------------------------------


def round_create_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not leads_reviews(user):
        raise PermissionDenied
    form = RoundForm(request.POST or None, people=reviewers())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.RoundPlan(
            name=data["name"], schema=data["schema"], period_start=data["period_start"],
            period_end=data["period_end"], method=data["method"], sample_size=data["sample_size"] or 0,
            seed=data["seed"], ends_on=data["ends_on"], reviewer_ids=[u.pk for u in data["reviewers"]],
            stratify_by=data["stratify_by"], second_rater_percent=data["second_rater_percent"] or 0,
            previous=data["previous"],
            references=form.reference_list() if data["method"] == SamplingMethod.EXTERNAL else (),
        )  # fmt: skip
        try:
            round = services.round_create(actor=user, plan=plan)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round has been opened and the reviewers have access to their cases."))
            return redirect("reviews:round", round_id=round.pk)
    return render(request, "reviews/round_form.html", {"form": form})


def _round_page(request: HttpRequest, round: ReviewRound, form: ActionForm, status: int = 200) -> HttpResponse:
    context = {
        "round": round,
        "cases": selectors.round_cases(round),
        "actions": selectors.round_actions(round),
        "action_form": form,
    }
    return render(request, "reviews/round.html", context, status=status)


def round_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round = selectors.round_get(_user(request), round_id)
    return _round_page(request, round, ActionForm(round=round, people=reviewers()))


@require_POST
def round_close_view(request: HttpRequest, round_id: int) -> HttpResponse:
    user = _user(request)
    services.round_close(actor=user, round=selectors.round_get(user, round_id))
    messages.success(request, _("The round is closed. The reviewers' access to the children has ended."))
    return redirect("reviews:round", round_id=round_id)


def results_view(request: HttpRequest, round_id: int) -> HttpResponse:
    user = _user(request)
    round = selectors.round_get(user, round_id)
    by = request.GET.get("efter", "")
    context = report_context(round, by=by if by in BY else "")
    context["groupings"] = [("", _("None")), *((key, label) for key, label in Stratum.choices if key in BY)]
    return render(request, "reviews/results.html", context)


def report_view(request: HttpRequest, round_id: int, fmt: str) -> HttpResponse:
    user = _user(request)
    round = selectors.round_get(user, round_id)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    if fmt == "pdf":
        response = HttpResponse(report_pdf(round), content_type="application/pdf")
    else:
        response = HttpResponse(
            report_xlsx(round, anonymised=True),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="sagsgennemgang-{round.pk}.{fmt}"'
    return response


# Development actions -------------------------------------------------------------------------------


@require_POST
def action_create_view(request: HttpRequest, round_id: int) -> HttpResponse:
    user = _user(request)
    round = selectors.round_get(user, round_id)
    form = ActionForm(request.POST, round=round, people=reviewers())
    if form.is_valid():
        try:
            services.action_create(actor=user, round=round, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The development action has been added."))
            return redirect("reviews:round", round_id=round.pk)
    return _round_page(request, round, form, status=400)


def action_view(request: HttpRequest, action_id: int) -> HttpResponse:
    user = _user(request)
    action = selectors.action_get(user, action_id)
    initial = {"status": action.status, "discussed_on": action.discussed_on, "audit_notes": action.audit_notes}
    form = ActionUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(actor=user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The development action has been saved."))
            return redirect("reviews:action", action_id=action.pk)
    return render(request, "reviews/action.html", {"action": action, "form": form})


# Rating a case -------------------------------------------------------------------------------------


def review_view(request: HttpRequest, review_id: int) -> HttpResponse:
    """The case file and the schema on one page: rate, save and come back, submit."""
    user = _user(request)
    review = selectors.review_get(user, review_id)
    child, entries = selectors.review_case_file(user, review)
    criteria = list(review.case.round.schema.criteria.select_related("theme"))
    form = RatingForm(request.POST or None, criteria=criteria, ratings=list(review.ratings.all()))
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.review_save(actor=user, review=review, ratings=form.ratings(), submit=submit)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if submit:
                messages.success(request, _("Your ratings have been submitted."))
                return redirect("reviews:home")
            messages.success(request, _("Your ratings are saved."))
            return redirect("reviews:review", review_id=review.pk)
    context = {"review": review, "child": child, "entries": entries, "form": form, "themes": form.themes()}
    return render(request, "reviews/review.html", context, status=400 if form.errors else 200)
