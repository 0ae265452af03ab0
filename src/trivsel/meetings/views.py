"""Meeting pages: the user's meetings, calling one, the agenda, one child's item with its minutes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children.access import children_visible_to, relation_for, staff_scope
from trivsel.children.views import _user
from trivsel.lib.forms import add_service_errors
from trivsel.meetings.forms import (
    AgreementForm,
    CallMeetingForm,
    ItemRequestForm,
    MinutesForm,
    ParentContactForm,
    ParticipantForm,
)
from trivsel.meetings.models import Agreement, ForumKind
from trivsel.meetings.pdf import agenda_pdf, item_pdf
from trivsel.meetings.selectors import (
    agenda,
    agenda_suggestions,
    is_chair,
    item_agreements,
    item_denied,
    item_get,
    meeting_get,
    meetings_for,
    participant_candidates,
)
from trivsel.meetings.services import (
    PURPOSE,
    agreement_add,
    agreement_done,
    item_move,
    item_request,
    may_write_minutes,
    meeting_call,
    minutes_save,
    parent_contact_set,
    participant_add,
)
from trivsel.notifications.access import is_case_worker


def _staff(request: HttpRequest) -> User:
    user = _user(request)
    if user.is_guardian:
        raise Http404
    return user


def meeting_list_view(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    context = {
        "upcoming": meetings_for(user)[:100],
        "past": meetings_for(user, past=True)[:20],
        "may_call": bool(_callable_kinds(user)),
    }
    return render(request, "meetings/meeting_list.html", context)


def _callable_kinds(user: User) -> list[str]:
    kinds: list[str] = []
    if _led_units(user):
        kinds.append(ForumKind.DIALOGUE)
    if is_case_worker(user):
        kinds.append(ForumKind.NETWORK)
    return kinds


def _led_units(user: User) -> list[int]:
    return sorted(staff_scope(user).led_unit_ids)


def meeting_call_view(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    kinds = _callable_kinds(user)
    if not kinds:
        raise Http404
    initial = (
        {"kind": ForumKind.NETWORK, "title": _("Network meeting")}
        if "barn" in request.GET and ForumKind.NETWORK in kinds
        else {}
    )
    form = CallMeetingForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        led = _led_units(user)
        try:
            meeting = meeting_call(
                actor=user,
                kind=kind,
                unit_id=led[0] if kind == ForumKind.DIALOGUE and led else None,
                title=form.cleaned_data["title"],
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, aliases={"starts_at": "day"})
        else:
            messages.success(request, _("The meeting has been called."))
            child = request.GET.get("barn", "")
            if child.isdigit():  # called from a notification: put the child on the agenda next
                return redirect(f"{reverse('meetings:item_request')}?moede={meeting.pk}&barn={child}")
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


def meeting_detail_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _staff(request)
    meeting = meeting_get(user=user, meeting_id=meeting_id)
    chair = is_chair(user, meeting)
    context = {
        "meeting": meeting,
        "rows": agenda(user=user, meeting=meeting),
        "participants": meeting.participants.order_by("first_name", "last_name"),
        "is_chair": chair,
        "suggestions": agenda_suggestions(user=user, meeting=meeting) if meeting.ends_at > timezone.now() else [],
    }
    return render(request, "meetings/meeting_detail.html", context)


def item_request_view(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    meetings = meetings_for(user).filter(ends_at__gt=timezone.now())
    children = children_visible_to(user).order_by("first_name", "last_name", "id")
    initial = {"meeting": request.GET.get("moede"), "child": request.GET.get("barn")}
    form = ItemRequestForm(request.POST or None, meetings=meetings, children=children, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = item_request(
                actor=user,
                meeting=data["meeting"],
                child=data["child"],
                problem=data["problem"],
                without_consent=data["without_consent"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The child is on the agenda."))
            return redirect("meetings:detail", meeting_id=item.meeting_id)
    return render(request, "meetings/item_request_form.html", {"form": form})


@require_POST
def item_move_view(request: HttpRequest, item_id: int) -> HttpResponse:
    user = _user(request)
    row = item_get(user=user, item_id=item_id)
    try:
        item_move(actor=user, item=row.item, up=request.POST.get("retning") == "op")
    except PermissionDenied:
        raise item_denied(user=user, row=row) from None
    return redirect("meetings:detail", meeting_id=row.item.meeting_id)


def _item_page(request: HttpRequest, user: User, row: object, **forms: object) -> HttpResponse:
    item = row.item  # type: ignore[attr-defined]
    writer = may_write_minutes(user, item)
    people = item.meeting.participants.order_by("first_name", "last_name")
    context = {
        "row": row,
        "item": item,
        "meeting": item.meeting,
        "writer": writer,
        "agreements": item_agreements(item),
        "minutes_form": MinutesForm(initial={"version": item.minutes_version}),
        "agreement_form": forms.get("agreement_form") or AgreementForm(people=people),
        "contact_form": ParentContactForm(initial={"contact": item.parent_contact_id}, people=people),
    }
    return render(request, "meetings/item_detail.html", context)


def item_detail_view(request: HttpRequest, item_id: int) -> HttpResponse:
    user = _user(request)
    return _item_page(request, user, item_get(user=user, item_id=item_id))


@require_POST
def minutes_view(request: HttpRequest, item_id: int) -> HttpResponse:
    """Autosave (JSON, from trivsel.js) or a plain save of the minutes; the draft stays in the browser on failure."""
    user = _user(request)
    row = item_get(user=user, item_id=item_id)
    if not may_write_minutes(user, row.item):
        raise item_denied(user=user, row=row)
    form = MinutesForm(request.POST)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if not form.is_valid():
        return (
            JsonResponse({"error": _("The minutes could not be read.")}, status=400)
            if wants_json
            else redirect("meetings:item", item_id=item_id)
        )
    try:
        item = minutes_save(actor=user, item=row.item, values=form.values(), version=form.cleaned_data["version"])
    except PermissionDenied:
        raise item_denied(user=user, row=row) from None
    except ValidationError as exc:
        status = 409 if getattr(exc, "code", "") == "conflict" else 400
        if wants_json:
            return JsonResponse({"error": " ".join(exc.messages)}, status=status)
        messages.error(request, " ".join(exc.messages))
        return redirect("meetings:item", item_id=item_id)
    saved = timezone.localtime(item.minutes_saved_at) if item.minutes_saved_at else None
    if wants_json:
        return JsonResponse({"version": item.minutes_version, "saved": f"{saved:%H:%M:%S}" if saved else ""})
    messages.success(request, _("The minutes have been saved."))
    return redirect("meetings:item", item_id=item_id)


@require_POST
def agreement_add_view(request: HttpRequest, item_id: int) -> HttpResponse:
    user = _user(request)
    row = item_get(user=user, item_id=item_id)
    if not may_write_minutes(user, row.item):
        raise item_denied(user=user, row=row)
    form = AgreementForm(request.POST, people=row.item.meeting.participants.all())
    if form.is_valid():
        data = form.cleaned_data
        try:
            agreement_add(
                actor=user,
                item=row.item,
                what=data["what"],
                owner=data["owner"],
                owner_other=data["owner_other"],
                due=data["due"],
            )
        except PermissionDenied:
            raise item_denied(user=user, row=row) from None
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agreement has been added."))
            return redirect("meetings:item", item_id=item_id)
    response = _item_page(request, user, row, agreement_form=form)
    response.status_code = 400
    return response


@require_POST
def agreement_done_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    user = _user(request)
    agreement = get_object_or_404(Agreement.objects.select_related("item__meeting", "item__child"), pk=agreement_id)
    row = item_get(user=user, item_id=agreement.item_id)
    try:
        agreement_done(actor=user, agreement=agreement)
    except PermissionDenied:
        raise item_denied(user=user, row=row) from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The agreement has been marked as done."))
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("meetings:item", item_id=row.item.pk)


@require_POST
def parent_contact_view(request: HttpRequest, item_id: int) -> HttpResponse:
    user = _user(request)
    row = item_get(user=user, item_id=item_id)
    if not may_write_minutes(user, row.item):
        raise item_denied(user=user, row=row)
    form = ParentContactForm(request.POST, people=row.item.meeting.participants.all())
    if form.is_valid():
        try:
            parent_contact_set(actor=user, item=row.item, contact=form.cleaned_data["contact"])
        except PermissionDenied:
            raise item_denied(user=user, row=row) from None
        messages.success(request, _("The contact person has been saved."))
    return redirect("meetings:item", item_id=item_id)


def participant_add_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The chair invites a participant (a page of its own: the list of candidates is long)."""
    user = _staff(request)
    meeting = meeting_get(user=user, meeting_id=meeting_id)
    if not is_chair(user, meeting):
        raise Http404
    form = ParticipantForm(request.POST or None, people=participant_candidates(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            participant_add(actor=user, meeting=meeting, user=form.cleaned_data["user"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The participant has been added."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    context = {"meeting": meeting, "form": form, "days": settings.MEETING_ITEM_ACCESS_DAYS}
    return render(request, "meetings/participant_form.html", context)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def agenda_pdf_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _staff(request)
    meeting = meeting_get(user=user, meeting_id=meeting_id)
    rows = agenda(user=user, meeting=meeting)
    log_access(actor=user, action=Action.EXPORT, obj=meeting, purpose=PURPOSE)
    return _pdf(agenda_pdf(meeting=meeting, rows=rows), f"dagsorden-{meeting.pk}.pdf")


def item_pdf_view(request: HttpRequest, item_id: int) -> HttpResponse:
    user = _user(request)
    row = item_get(user=user, item_id=item_id)
    relation = relation_for(user, row.item.child)
    log_access(
        actor=user, action=Action.EXPORT, child_id=row.item.child_id, obj=row.item, relation=relation, purpose=PURPOSE
    )
    return _pdf(item_pdf(row=row, agreements=list(item_agreements(row.item))), f"dagsordenspunkt-{row.item.pk}.pdf")
