"""Filing a notification (professionals), the authority's inbox and handling, the notifier's own list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.children.selectors import child_get
from trivsel.children.views import _user
from trivsel.concerns.selectors import concern_get
from trivsel.lib.forms import add_service_errors
from trivsel.notifications.forms import AssessForm, AssignForm, CompletionForm, InvestigationForm, NotificationForm
from trivsel.notifications.models import Notification
from trivsel.notifications.selectors import (
    NotificationRow,
    notification_get,
    notification_inbox,
    notifications_filed_by,
)
from trivsel.notifications.services import (
    notification_acknowledge,
    notification_assess,
    notification_assign,
    notification_close,
    notification_complete_investigation,
    notification_file,
    notification_start_investigation,
)


def notification_create_view(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose="notification", rule="view_child_details")
    # Filed from a concern's action guide: ?bekymring=<id>, only a concern of this child.
    concern_id = request.GET.get("bekymring", "")
    concern = concern_get(child=child, concern_id=int(concern_id)) if concern_id.isdigit() else None
    form = NotificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notification_file(
                actor=user,
                child=child,
                grounds=form.cleaned_data["grounds"],
                description=form.cleaned_data["description"],
                concern=concern,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The notification has been sent to Børn og Familie."))
            return redirect("notifications:mine")
    context = {"child": child, "form": form, "concern": concern}
    return render(request, "notifications/notification_form.html", context)


def inbox_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_guardian:
        raise PermissionDenied
    closed = request.GET.get("lukkede") == "1"
    page = Paginator(notification_inbox(user=user, closed=closed), settings.PAGE_SIZE).get_page(request.GET.get("side"))
    context = {"rows": page.object_list, "page": page, "closed": closed}
    return render(request, "notifications/inbox.html", context)


def mine_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_guardian:
        raise PermissionDenied
    return render(request, "notifications/mine.html", {"notifications": notifications_filed_by(user=user)})


def _detail(request: HttpRequest, row: NotificationRow, **forms: object) -> HttpResponse:
    context: dict[str, object] = {
        "row": row,
        "notification": row.notification,
        "assess_form": AssessForm(),
        "investigation_form": InvestigationForm(),
        "completion_form": CompletionForm(),
        "assign_form": AssignForm(initial={"case_worker": row.notification.assigned_to_id}),
        **forms,
    }
    return render(request, "notifications/detail.html", context)


def detail_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    row = notification_get(user=_user(request), notification_id=notification_id)
    return _detail(request, row)


def _done(request: HttpRequest, notification_id: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("notifications:detail", notification_id=notification_id)


def _form_action(
    request: HttpRequest,
    notification_id: int,
    form_class: type[forms.Form],
    form_key: str,
    act: Callable[[User, Notification, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One handling step: validate the form, let the service act, or show the detail page with errors."""
    user = _user(request)
    row = notification_get(user=user, notification_id=notification_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(user, row.notification, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, notification_id, done)
    return _detail(request, row, **{form_key: form})


@require_POST
def assess_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    return _form_action(
        request, notification_id, AssessForm, "assess_form",
        lambda user, n, data: notification_assess(actor=user, notification=n, acute=data["acute"], note=data["note"]),
        _("The assessment has been recorded."),
    )  # fmt: skip


@require_POST
def investigation_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    return _form_action(
        request, notification_id, InvestigationForm, "investigation_form",
        lambda user, n, data: notification_start_investigation(actor=user, notification=n, on=data["on"]),
        _("The start of the investigation has been recorded."),
    )  # fmt: skip


@require_POST
def assign_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    return _form_action(
        request, notification_id, AssignForm, "assign_form",
        lambda user, n, data: notification_assign(actor=user, notification=n, case_worker=data["case_worker"]),
        _("The case worker has been assigned."),
    )  # fmt: skip


@require_POST
def complete_investigation_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    return _form_action(
        request, notification_id, CompletionForm, "completion_form",
        lambda user, n, data: notification_complete_investigation(actor=user, notification=n, on=data["on"]),
        _("The end of the investigation has been recorded."),
    )  # fmt: skip


@require_POST
def acknowledge_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = _user(request)
    row = notification_get(user=user, notification_id=notification_id)
    try:
        notification_acknowledge(actor=user, notification=row.notification)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("notifications:detail", notification_id=notification_id)
    return _done(request, notification_id, _("The notifier has been sent an acknowledgement."))


@require_POST
def close_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = _user(request)
    row = notification_get(user=user, notification_id=notification_id)
    try:
        notification_close(actor=user, notification=row.notification)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("notifications:detail", notification_id=notification_id)
    return _done(request, notification_id, _("The notification has been closed."))
