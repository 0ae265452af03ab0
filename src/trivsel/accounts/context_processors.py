"""The header: the municipality's name, and the main menu chosen by who is signed in."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def _municipality_name() -> str:
    from trivsel.organisation.models import Municipality

    municipality = Municipality.objects.only("name").first()
    return municipality.name if municipality else ""


def navigation(request: HttpRequest) -> dict[str, object]:
    # Cached for a few minutes: it is on every page and changes once in a deployment's life.
    municipality_name = cache.get_or_set("trivsel:municipality_name", _municipality_name, 300)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "municipality_name": municipality_name}
    items: list[tuple[str, str]] = []
    if getattr(user, "is_guardian", False):
        items.append((reverse("portal:home"), _("My family")))
    else:
        items.append((reverse("children:list"), _("My children")))
        from trivsel.notifications.access import is_case_worker
        from trivsel.screening.access import takes_part_in_screening

        if takes_part_in_screening(user):
            items.append((reverse("screening:home"), _("Well-being screening")))
        items.append((reverse("meetings:list"), _("Meetings")))
        from trivsel.transitions.access import works_in_units

        if works_in_units(user):
            items.append((reverse("transitions:overview"), _("Transitions")))
        from trivsel.officehours.access import books

        if books(user):
            items.append((reverse("officehours:list"), _("Office hours")))
        items.append((reverse("plans:my_work"), _("My work")))
        from trivsel.reminders.selectors import unread_count

        unread = unread_count(user)
        label = _("Reminders (%(count)d new)") % {"count": unread} if unread else _("Reminders")
        items.append((reverse("reminders:list"), label))

        if is_case_worker(user):
            items.append((reverse("notifications:inbox"), _("Notifications")))
        from trivsel.effect.places import sees_dashboard

        if sees_dashboard(user):
            items.append((reverse("effect:dashboard"), _("Effect")))
        from trivsel.reviews.access import takes_part_in_reviews

        if takes_part_in_reviews(user):
            items.append((reverse("reviews:home"), _("Case review")))
    items.append((reverse("guide:index"), _("Collaboration guide")))
    if user.is_staff:
        items.append((reverse("admin:index"), _("Administration")))
    current = request.path
    return {
        "municipality_name": municipality_name,
        "nav_items": [
            {"url": url, "label": label, "current": current == url or (url != "/" and current.startswith(url))}
            for url, label in items
        ],
    }
