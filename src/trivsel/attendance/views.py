"""The school leader's attendance import: upload the school system's export, see what was imported or why not."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from trivsel.accounts.models import User
from trivsel.attendance.access import can
from trivsel.attendance.forms import ImportForm
from trivsel.attendance.reading import COLUMNS
from trivsel.attendance.selectors import attendance_by_month
from trivsel.attendance.services import attendance_import
from trivsel.attendance.upload import InMemoryUploadHandler
from trivsel.children.views import _user
from trivsel.lib.time import today
from trivsel.organisation.models import Unit


def _importable_unit(user: User, unit_id: int) -> Unit:
    """The school, or the same 404 whether it is missing or the user may not import for it."""
    unit = get_object_or_404(Unit, pk=unit_id)
    if not can(user, "import_attendance", unit):
        raise Http404
    return unit


@csrf_exempt  # checked in _import_page, once the upload handler is in place
def import_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _importable_unit(_user(request), unit_id)  # before the upload is read: others' files are never parsed
    handler = InMemoryUploadHandler(request)
    request.upload_handlers = [handler]
    return _import_page(request, unit, handler)


@csrf_protect
def _import_page(request: HttpRequest, unit: Unit, handler: InMemoryUploadHandler) -> HttpResponse:
    user = _user(request)
    posted = request.method == "POST"
    form = ImportForm(request.POST, request.FILES, too_large=handler.too_large) if posted else ImportForm()
    result = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        result = attendance_import(actor=user, unit=unit, file=upload, filename=upload.name or "")
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "%(count)d row imported from “%(file)s”: %(new)d new, %(changed)d changed, %(same)d unchanged.",
                    "%(count)d rows imported from “%(file)s”: %(new)d new, %(changed)d changed, %(same)d unchanged.",
                    result.rows,
                )
                % {
                    "count": result.rows,
                    "file": result.filename,
                    "new": result.created,
                    "changed": result.updated,
                    "same": result.unchanged,
                },
            )
            return redirect("attendance:import", unit_id=unit.pk)
    day = today()
    months = attendance_by_month(unit_ids=[unit.pk], start=day.replace(day=1) - relativedelta(months=11), end=day)
    context = {"unit": unit, "form": form, "result": result, "columns": COLUMNS, "months": months[::-1]}
    return render(request, "attendance/import.html", context)
