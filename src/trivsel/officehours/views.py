"""Office hours pages: find and book, publish, one consultation, and the calendar (page and iCalendar)."""

from __future__ import annotations

import datetime

import icalendar
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from trivsel.accounts.models import User
from trivsel.children.access import children_visible_to
from trivsel.children.views import _user
from trivsel.lib.forms import add_service_errors
from trivsel.officehours import access, services
from trivsel.officehours.forms import BookForm, PublishForm
from trivsel.officehours.models import OfficeHours, Slot
from trivsel.officehours.selectors import (
    bookable,
    calendar,
    consultation_get,
    hosted_by,
    office_hours_get,
    week_calendar,
)

ICS_DAYS = 90


def _booker(request: HttpRequest) -> User:
    user = _user(request)
    if not access.books(user):
        raise Http404
    return user


def list_view(request: HttpRequest) -> HttpResponse:
    user = _booker(request)
    context = {
        "office_hours": bookable(free_only=True).exclude(host=user)[:200],
        "mine": list(hosted_by(user)[:50]) if access.hosts(user) else None,
        "may_publish": access.hosts(user),
    }
    return render(request, "officehours/list.html", context)


def publish_view(request: HttpRequest) -> HttpResponse:
    user = _booker(request)
    if not access.hosts(user):
        raise Http404
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            published = services.office_hours_publish(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            text = ngettext(
                "The office hours have been published on %(n)d day.",
                "The office hours have been published on %(n)d days.",
                len(published),
            )
            messages.success(request, text % {"n": len(published)})
            return redirect("officehours:detail", office_hours_id=published[0].pk)
    return render(request, "officehours/publish.html", {"form": form})


def detail_view(request: HttpRequest, office_hours_id: int) -> HttpResponse:
    user = _booker(request)
    block, rows = office_hours_get(office_hours_id)
    context = {"hours": block, "rows": rows, "is_host": block.host_id == user.pk}
    return render(request, "officehours/detail.html", context)


def book_view(request: HttpRequest, slot_id: int) -> HttpResponse:
    user = _booker(request)
    slot = get_object_or_404(Slot.objects.select_related("office_hours__host"), pk=slot_id)
    children = children_visible_to(user).order_by("last_name", "first_name", "id")
    form = BookForm(request.POST or None, children=children, initial={"about": "anonymous"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        named = data["about"] == "named"
        try:
            consultation = services.consultation_book(
                actor=user, slot=slot, question=data["question"], child=data["child"] if named else None,
                anonymous_description="" if named else data["anonymous_description"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consultation has been booked. It is in your calendar and the host's."))
            return redirect("officehours:consultation", consultation_id=consultation.pk)
    return render(request, "officehours/book.html", {"slot": slot, "form": form})


def consultation_view(request: HttpRequest, consultation_id: int) -> HttpResponse:
    user = _user(request)
    view = consultation_get(user=user, consultation_id=consultation_id)
    return render(request, "officehours/consultation.html", {"view": view})


@require_POST
def consultation_cancel_view(request: HttpRequest, consultation_id: int) -> HttpResponse:
    user = _user(request)
    view = consultation_get(user=user, consultation_id=consultation_id)
    try:
        services.consultation_cancel(actor=user, consultation=view.consultation)
        messages.success(request, _("The consultation has been cancelled."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("officehours:consultation", consultation_id=consultation_id)


@require_POST
def office_hours_cancel_view(request: HttpRequest, office_hours_id: int) -> HttpResponse:
    user = _booker(request)
    block = get_object_or_404(OfficeHours, pk=office_hours_id, host=user)
    try:
        services.office_hours_cancel(actor=user, office_hours=block)
        messages.success(request, _("The office hours have been cancelled, and the bookers told."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("officehours:detail", office_hours_id=block.pk)


def _monday(value: str) -> datetime.date:
    """The Monday of ``?uge=2026-W49``, or of this week."""
    try:
        year, week = value.split("-W")
        return datetime.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        day = timezone.localdate()
        return day - datetime.timedelta(days=day.weekday())


def calendar_view(request: HttpRequest) -> HttpResponse:
    user = _booker(request)
    monday = _monday(request.GET.get("uge", ""))
    entries = week_calendar(user, monday)
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    by_day = [(d, [e for e in entries if timezone.localdate(e.starts_at) == d]) for d in days]
    context = {
        "by_day": by_day,
        "monday": monday,
        "previous": (monday - datetime.timedelta(days=7)).strftime("%G-W%V"),
        "next": (monday + datetime.timedelta(days=7)).strftime("%G-W%V"),
        "week": monday.isocalendar().week,
    }
    return render(request, "officehours/calendar.html", context)


def calendar_ics_view(request: HttpRequest) -> HttpResponse:
    """The user's next 90 days as iCalendar: titles, places and times only, never a child's name."""
    user = _booker(request)
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Trivsel//kalender//DA")
    cal.add("version", "2.0")
    for entry in calendar(user, start, start + datetime.timedelta(days=ICS_DAYS)):
        event = icalendar.Event()
        event.add("uid", f"{entry.uid}@trivsel")
        event.add("summary", entry.title)
        event.add("dtstart", entry.starts_at)
        event.add("dtend", entry.ends_at)
        event.add("dtstamp", timezone.now())
        if entry.location:
            event.add("location", entry.location)
        event.add("url", request.build_absolute_uri(entry.url))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trivsel.ics"'
    return response
