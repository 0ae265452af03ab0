"""Transition pages: the leader's overview, the sending staff's handover, the receiver's copy, the parents' approval."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access, log_reads
from trivsel.children.access import Relation, relation_for
from trivsel.children.selectors import child_get
from trivsel.children.views import _user
from trivsel.lib.forms import add_service_errors
from trivsel.lib.time import today
from trivsel.organisation.models import Role
from trivsel.portal.views import _parent_child
from trivsel.transitions import services
from trivsel.transitions.content import readable
from trivsel.transitions.forms import (
    AcknowledgeForm,
    ApprovalRecordForm,
    BridgeMeetingForm,
    HandoverForm,
    ParentApprovalForm,
    TransitionForm,
)
from trivsel.transitions.models import Kind, Status, Transition
from trivsel.transitions.selectors import (
    STATUS_ORDER,
    bridge_candidates,
    child_transitions,
    handover_for_receiver,
    led_units,
    may_create_for,
    my_transitions,
    overview,
    transition_get,
)

PURPOSE = "transition"
SENDER = ("sender",)


def _staff(request: HttpRequest) -> User:
    user = _user(request)
    if user.is_guardian:
        raise Http404
    return user


def _status_labels() -> list[tuple[str, str]]:
    return [(s, str(Status(s).label)) for s in STATUS_ORDER]


def overview_view(request: HttpRequest) -> HttpResponse:
    """A leader's transitions out of and into a unit they lead; a pedagogue's or teacher's own."""
    user = _staff(request)
    units = list(led_units(user))
    if not units:
        return _mine(request, user)
    chosen = request.GET.get("enhed", "")
    unit = next((u for u in units if str(u.pk) == chosen), units[0])
    found = overview(user=user, unit=unit)
    own = {t.child_id for t in found.outgoing} | {s.child.pk for s in found.suggestions}
    log_reads(
        actor=user, child_ids=sorted(own), relation=Relation(via="unit", role=Role.LEADER, unit_id=unit.pk),
        purpose="transition_overview", page=unit,
    )  # fmt: skip
    if found.named_incoming:
        relation = Relation(via="consent", role=Role.LEADER, unit_id=unit.pk, reason="transition_handover")
        log_reads(actor=user, child_ids=sorted(found.named_incoming), relation=relation, purpose="transition_overview")
    context = {"units": units, "overview": found, "statuses": _status_labels()}
    return render(request, "transitions/overview.html", context)


def _mine(request: HttpRequest, user: User) -> HttpResponse:
    """A pedagogue's or teacher's transitions; each child shown is a read, on the relation it is shown through."""
    mine = my_transitions(user)
    if mine.outgoing:
        relation = Relation(via="group", role=Role.FRONTLINE)
        log_reads(actor=user, child_ids=sorted({t.child_id for t in mine.outgoing}), relation=relation, purpose=PURPOSE)
    if mine.incoming:
        relation = Relation(via="consent", role=Role.FRONTLINE, reason="transition_handover")
        log_reads(actor=user, child_ids=sorted({t.child_id for t in mine.incoming}), relation=relation, purpose=PURPOSE)
    return render(request, "transitions/mine.html", {"transitions": mine.all})


def create_view(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    child_id = request.GET.get("barn", "")
    if not child_id.isdigit():
        raise Http404
    child, _relation = child_get(user=user, child_id=int(child_id), purpose=PURPOSE, rule="view_child_details")
    from_units = may_create_for(user, child)
    if not from_units:
        raise PermissionDenied
    initial = {
        "kind": request.GET.get("type", ""),
        "to_unit": request.GET.get("til", ""),
        "moves_on": request.GET.get("dato", ""),
    }
    form = TransitionForm(request.POST or None, from_units=from_units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            transition = services.transition_create(actor=user, child=child, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The transition has been created. Now write the handover."))
            return redirect("transitions:handover", transition_id=transition.pk)
    return render(request, "transitions/create.html", {"child": child, "form": form})


def detail_view(request: HttpRequest, transition_id: int) -> HttpResponse:
    user = _user(request)
    transition, side = transition_get(user=user, transition_id=transition_id)
    if side == "receiver":
        handover = handover_for_receiver(user=user, transition=transition)
        context = {
            "transition": transition,
            "content": readable(handover.content) if handover else None,
            "form": AcknowledgeForm(),
        }
        return render(request, "transitions/received.html", context)
    return render(request, "transitions/detail.html", _sender_context(transition))


def _sender_context(transition: Transition) -> dict[str, object]:
    handover = transition.handover
    return {
        "transition": transition,
        "handover": handover,
        "content": readable(handover.content) if handover.content else None,
        "consent_missing": services.sharing_consent_missing(transition)
        if transition.status in (Status.WITH_PARENTS, Status.APPROVED)
        else "",
        "statuses": _status_labels(),
        "reached": STATUS_ORDER.index(Status(transition.status)) if transition.status in STATUS_ORDER else -1,
        "editable": transition.status in services.EDITABLE,
        "may_cancel": transition.status != Status.CANCELLED and transition.moves_on > today(),
    }


def handover_view(request: HttpRequest, transition_id: int) -> HttpResponse:
    user = _user(request)
    transition, _side = transition_get(user=user, transition_id=transition_id, sides=SENDER)
    handover = transition.handover
    form = HandoverForm(request.POST or None, instance=handover, contacts=bridge_candidates(transition))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        handover.refresh_from_db()  # the form wrote its values onto the instance; the service compares with stored
        try:
            services.handover_save(actor=user, handover=handover, values=values, version=form.cleaned_data["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The handover has been saved."))
            return redirect("transitions:detail", transition_id=transition.pk)
    context = {"transition": transition, "form": form, "parents_comment": handover.parents_comment}
    return render(request, "transitions/handover_form.html", context)


def _post_action(request: HttpRequest, transition_id: int, action: str) -> HttpResponse:
    user = _user(request)
    transition, _side = transition_get(user=user, transition_id=transition_id, sides=SENDER)
    try:
        if action == "send":
            services.handover_send(actor=user, handover=transition.handover)
            messages.success(request, _("The handover has been sent to the parents for approval."))
        elif action == "share":
            services.handover_share(actor=user, handover=transition.handover)
            messages.success(request, _("The handover has been shared with %(unit)s.") % {"unit": transition.to_unit})
        else:
            services.transition_cancel(actor=user, transition=transition)
            messages.success(request, _("The transition has been cancelled."))
    except PermissionDenied:
        relation = relation_for(user, transition.child)
        log_access(
            actor=user, action=Action.DENIED, child_id=transition.child_id, obj=transition, relation=relation,
            purpose=PURPOSE, status=403,
        )  # fmt: skip
        raise
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("transitions:detail", transition_id=transition.pk)


@require_POST
def send_view(request: HttpRequest, transition_id: int) -> HttpResponse:
    return _post_action(request, transition_id, "send")


@require_POST
def share_view(request: HttpRequest, transition_id: int) -> HttpResponse:
    return _post_action(request, transition_id, "share")


@require_POST
def cancel_view(request: HttpRequest, transition_id: int) -> HttpResponse:
    return _post_action(request, transition_id, "cancel")


def approval_view(request: HttpRequest, transition_id: int) -> HttpResponse:
    """Staff record the parents' approval given on paper or in a conversation."""
    user = _user(request)
    transition, _side = transition_get(user=user, transition_id=transition_id, sides=SENDER)
    form = ApprovalRecordForm(request.POST or None, child=transition.child)
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_record_approval(actor=user, handover=transition.handover, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The parents' approval has been recorded."))
            return redirect("transitions:detail", transition_id=transition.pk)
    handover = transition.handover
    context = {
        "transition": transition,
        "form": form,
        "content": readable(handover.content) if handover.content else None,
    }
    return render(request, "transitions/approval_form.html", context)


@require_POST
def acknowledge_view(request: HttpRequest, transition_id: int) -> HttpResponse:
    user = _user(request)
    transition, _side = transition_get(user=user, transition_id=transition_id, sides=("receiver",))
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.handover_acknowledge(actor=user, handover=transition.handover, note=form.cleaned_data["note"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Thank you: the sending unit can see that you have received the handover."))
    return redirect("transitions:detail", transition_id=transition.pk)


def bridge_meeting_view(request: HttpRequest, transition_id: int) -> HttpResponse:
    user = _user(request)
    transition, _side = transition_get(user=user, transition_id=transition_id, sides=SENDER)
    if transition.is_cancelled:
        raise Http404
    form = BridgeMeetingForm(request.POST or None, candidates=bridge_candidates(transition))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.bridge_meeting_call(
                actor=user,
                transition=transition,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                participants=form.cleaned_data["participants"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, aliases={"starts_at": "day"})
        else:
            messages.success(request, _("The bridge meeting has been called."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "transitions/bridge_form.html", {"transition": transition, "form": form})


def portal_view(request: HttpRequest, child_id: int, transition_id: int) -> HttpResponse:
    """A parent reads the handover sent to them, adds their own view, and approves it or asks for changes."""
    user, _guardian, child = _parent_child(request, child_id)
    transition = child_transitions(child).filter(pk=transition_id).exclude(status=Status.CANCELLED).first()
    if transition is None or (transition.status == Status.DRAFT and not transition.handover.parents_comment):
        raise Http404
    handover = transition.handover
    form = ParentApprovalForm(request.POST or None)
    waiting = transition.status == Status.WITH_PARENTS
    if request.method == "POST" and waiting and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.handover_approve(
                    actor=user, handover=handover, parents_view=data["parents_view"],
                    consent_to_share=data["consent_to_share"],
                )  # fmt: skip
                messages.success(request, _("Thank you. You have approved the handover."))
            else:
                services.handover_request_changes(actor=user, handover=handover, comment=data["comment"])
                messages.success(request, _("Thank you. The staff will look at your comments."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("portal:child", child_id=child.pk)
    context = {
        "child": child,
        "transition": transition,
        "content": readable(handover.content) if handover.content else None,
        "form": form,
        "waiting": waiting,
        "kind_label": Kind(transition.kind).label,
    }
    return render(request, "transitions/portal.html", context)
