"""The effect dashboard and its exports: thin views over ``selectors.dashboard``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from trivsel.children.views import _user
from trivsel.effect.exports import panel_csv, panel_xlsx
from trivsel.effect.forms import DashboardForm
from trivsel.effect.panels import PANELS
from trivsel.effect.selectors import dashboard, dashboard_places

FORMATS = {
    "csv": ("text/csv; charset=utf-8", panel_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", panel_xlsx),
}


def _form(request: HttpRequest) -> DashboardForm:
    user = _user(request)
    tree, nodes = dashboard_places(user)
    if not nodes:
        raise PermissionDenied
    # A district or the municipality, and under it each unit, indented.
    options = []
    for node in nodes:
        options.append((node, tree.labels[node]))
        if node.startswith("d"):
            options += [(unit, f"– {tree.labels[unit]}") for unit in tree.children(node) if unit != "u0"]
    unique = list(dict.fromkeys(options))
    form = DashboardForm(request.GET or None, places=unique)
    # Without a choice: the widest place and the last four half-years.
    return form if form.is_bound else DashboardForm(form.initial, places=unique)


def dashboard_view(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    data = None
    if form.is_valid():
        data = dashboard(user=_user(request), node=form.cleaned_data["sted"], periods=form.periods())
    query = urlencode({key: form.data.get(key, "") for key in ("sted", "fra", "til")})
    return render(request, "effect/dashboard.html", {"form": form, "data": data, "query": query})


def export_view(request: HttpRequest, panel: str, fmt: str) -> HttpResponse:
    form = _form(request)
    if fmt not in FORMATS or panel not in PANELS:
        raise Http404
    if not form.is_valid():
        raise Http404(_("Choose a place and half-years first."))
    data = dashboard(user=_user(request), node=form.cleaned_data["sted"], periods=form.periods(), only=panel)
    content_type, render_file = FORMATS[fmt]
    response = HttpResponse(render_file(data.panels[0]), content_type=content_type)
    name = f"trivsel-{panel}-{form.cleaned_data['fra']}-{form.cleaned_data['til']}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
