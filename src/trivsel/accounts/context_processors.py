"""The main menu, chosen by who is signed in."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items: list[tuple[str, str]] = []
    if getattr(user, "is_guardian", False):
        items.append((reverse("portal:home"), _("My family")))
    else:
        items.append((reverse("children:list"), _("My children")))
    if user.is_staff:
        items.append((reverse("admin:index"), _("Administration")))
    current = request.path
    return {
        "nav_items": [
            {"url": url, "label": label, "current": current == url or (url != "/" and current.startswith(url))}
            for url, label in items
        ]
    }
