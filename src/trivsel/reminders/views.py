"""A user's reminders: the list, and marking them read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from trivsel.children.views import _user
from trivsel.reminders.selectors import reminders_for
from trivsel.reminders.services import reminder_mark_read, reminders_mark_all_read


def reminder_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "reminders/list.html", {"rows": reminders_for(_user(request))})


@require_POST
def reminder_open_view(request: HttpRequest, reminder_id: int) -> HttpResponse:
    """Mark the reminder read and go to what it is about (only a path of Trivsel's own)."""
    reminder = reminder_mark_read(actor=_user(request), reminder_id=reminder_id)
    if url_has_allowed_host_and_scheme(reminder.url, allowed_hosts=None) and reminder.url.startswith("/"):
        return redirect(reminder.url)
    return redirect("reminders:list")


@require_POST
def reminder_read_all_view(request: HttpRequest) -> HttpResponse:
    reminders_mark_all_read(actor=_user(request))
    return redirect("reminders:list")
