"""The parent portal: a guardian's own children."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trivsel.children.access import children_visible_to
from trivsel.children.views import _user


def home_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.is_guardian:
        raise PermissionDenied
    children = children_visible_to(user).order_by("birth_date")
    return render(request, "portal/home.html", {"children": children})
