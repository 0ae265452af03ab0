"""Screening pages: the rounds, a group's rating sheets (individual and joint), next steps, overviews."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.children.access import Relation
from trivsel.children.models import Child
from trivsel.children.views import _user
from trivsel.concerns.models import Concern
from trivsel.concerns.models import Status as ConcernStatus
from trivsel.lib.forms import add_service_errors
from trivsel.organisation.models import Unit
from trivsel.screening.access import leads_unit, overview_districts, screening_units
from trivsel.screening.forms import NextStepForm, RatingForm, RoundForm, parse_date
from trivsel.screening.models import Screening, ScreeningRound
from trivsel.screening.overview import district_overview, unit_overview
from trivsel.screening.selectors import (
    group_get,
    group_sheet,
    is_overdue,
    rated_child_get,
    round_get,
    round_progress,
    rounds_for,
    sheet_row,
)
from trivsel.screening.services import (
    missing_next_steps,
    next_step_record,
    rating_save,
    round_close,
    round_open,
    screening_agree,
)


def home_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_guardian:
        raise Http404
    units = list(screening_units(user))
    context = {
        "rounds": [{"round": r, "overdue": is_overdue(r)} for r in rounds_for(user)],
        "led_units": [u for u in units if leads_unit(user, u.pk)],
        "districts": list(overview_districts(user)),
    }
    return render(request, "screening/home.html", context)


def _led_unit(user: User, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit, pk=unit_id)
    if not leads_unit(user, unit.pk):
        raise Http404
    return unit


def round_create_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _user(request)
    unit = _led_unit(user, unit_id)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            screening_round = round_open(
                actor=user,
                unit=unit,
                name=form.cleaned_data["name"],
                deadline=form.cleaned_data["deadline"],
                per_dimension=form.cleaned_data["per_dimension"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round has been opened."))
            return redirect("screening:round", round_id=screening_round.pk)
    return render(request, "screening/round_form.html", {"unit": unit, "form": form})


def round_detail_view(request: HttpRequest, round_id: int) -> HttpResponse:
    user = _user(request)
    screening_round = round_get(user=user, round_id=round_id)
    is_leader = leads_unit(user, screening_round.unit_id)
    context = {
        "round": screening_round,
        "overdue": is_overdue(screening_round),
        "progress": round_progress(user=user, screening_round=screening_round),
        "is_leader": is_leader,
        "missing": len(missing_next_steps(screening_round)) if is_leader else 0,
    }
    return render(request, "screening/round_detail.html", context)


@require_POST
def round_close_view(request: HttpRequest, round_id: int) -> HttpResponse:
    user = _user(request)
    screening_round = round_get(user=user, round_id=round_id)
    if not leads_unit(user, screening_round.unit_id):
        raise Http404
    try:
        round_close(actor=user, screening_round=screening_round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The round has been closed."))
    return redirect("screening:round", round_id=screening_round.pk)


def _sheet(request: HttpRequest, round_id: int, group_id: int, template: str) -> HttpResponse:
    user = _user(request)
    screening_round = round_get(user=user, round_id=round_id)
    group, relation = group_get(user=user, screening_round=screening_round, group_id=group_id)
    sheet = group_sheet(user=user, screening_round=screening_round, group=group, relation=relation)
    return render(request, template, {"sheet": sheet, "round": screening_round, "group": group})


def sheet_view(request: HttpRequest, round_id: int, group_id: int) -> HttpResponse:
    """Each professional's own ratings of the group's children, saved one child at a time (htmx)."""
    return _sheet(request, round_id, group_id, "screening/sheet.html")


def joint_view(request: HttpRequest, round_id: int, group_id: int) -> HttpResponse:
    """The structured dialogue: everyone's ratings side by side, disagreements marked, the joint rating."""
    return _sheet(request, round_id, group_id, "screening/joint.html")


def _rated_child(request: HttpRequest, round_id: int, child_id: int) -> tuple[User, ScreeningRound, Child, Relation]:
    user = _user(request)
    screening_round, child, relation = rated_child_get(user=user, round_id=round_id, child_id=child_id)
    return user, screening_round, child, relation


def _save_row(request: HttpRequest, round_id: int, child_id: int, *, joint: bool) -> HttpResponse:
    user, screening_round, child, _relation = _rated_child(request, round_id, child_id)
    positions = list(screening_round.scale.positions.order_by("order"))
    dimensions = list(screening_round.scale.dimensions.order_by("order")) if screening_round.per_dimension else []
    form = RatingForm(request.POST, positions=positions, dimensions=dimensions)
    error = ""
    if form.is_valid():
        save = screening_agree if joint else rating_save
        text_field = {"note": form.cleaned_data["comment"]} if joint else {"comment": form.cleaned_data["comment"]}
        try:
            save(
                actor=user,
                screening_round=screening_round,
                child=child,
                position_code=form.cleaned_data["position"],
                dimensions=form.dimension_values(),
                **text_field,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose a position for %(child)s.") % {"child": child.first_name}
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("The rating of %(child)s has been saved.") % {"child": child.first_name})
        group_id = form.data.get("group", "")
        name = "screening:joint" if joint else "screening:sheet"
        return redirect(
            reverse(name, args=[screening_round.pk, group_id])
            if group_id.isdigit()
            else reverse("screening:round", args=[screening_round.pk])
        )
    row = sheet_row(user=user, screening_round=screening_round, child=child)
    template = "screening/_joint_status.html" if joint else "screening/_rating_status.html"
    return render(request, template, {"row": row, "round": screening_round, "error": error}, status=200)


@require_POST
def rating_view(request: HttpRequest, round_id: int, child_id: int) -> HttpResponse:
    return _save_row(request, round_id, child_id, joint=False)


@require_POST
def joint_save_view(request: HttpRequest, round_id: int, child_id: int) -> HttpResponse:
    return _save_row(request, round_id, child_id, joint=True)


def next_step_view(request: HttpRequest, round_id: int, child_id: int) -> HttpResponse:
    user, screening_round, child, _relation = _rated_child(request, round_id, child_id)
    screening = Screening.objects.select_related("position", "group").filter(round=screening_round, child=child).first()
    if screening is None:
        raise Http404
    concerns = list(
        Concern.objects.filter(child=child, status=ConcernStatus.OPEN).select_related("level").order_by("-observed_on")
    )
    initial = {"kind": screening.next_step, "concern": screening.next_step_concern_id, "note": screening.next_step_note}
    form = NextStepForm(request.POST or None, concerns=concerns, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            next_step_record(
                actor=user,
                screening=screening,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                concern_id=form.cleaned_data["concern"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The next step for %(child)s has been recorded.") % {"child": child.first_name})
            return redirect("screening:joint", round_id=screening_round.pk, group_id=screening.group_id)
    context = {"round": screening_round, "child": child, "screening": screening, "form": form}
    return render(request, "screening/next_step_form.html", context)


def unit_overview_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _user(request)
    unit = _led_unit(user, unit_id)
    rounds = ScreeningRound.objects.filter(unit=unit).select_related("scale").order_by("-opened_on", "-id")
    chosen = request.GET.get("runde", "")
    screening_round = rounds.filter(pk=int(chosen)).first() if chosen.isdigit() else rounds.first()
    overview = unit_overview(user=user, unit=unit, screening_round=screening_round) if screening_round else None
    return render(request, "screening/unit_overview.html", {"unit": unit, "overview": overview})


def district_overview_view(request: HttpRequest, district_id: int) -> HttpResponse:
    user = _user(request)
    district = get_object_or_404(overview_districts(user), pk=district_id)
    overview = district_overview(user=user, district=district, on=parse_date(request.GET.get("dato")))
    return render(request, "screening/district_overview.html", {"overview": overview})
