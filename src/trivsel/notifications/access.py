"""Who handles notifications: case workers of the municipality's Børn og Familie unit(s)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from trivsel.accounts.models import User
from trivsel.children.access import can
from trivsel.children.models import Child
from trivsel.lib.time import today
from trivsel.organisation.models import Membership, Role, UnitKind


def authority_case_worker_memberships() -> QuerySet[Membership]:
    """Current case-worker memberships of units of kind Børn og Familie."""
    day = today()
    return Membership.objects.filter(
        Q(end__isnull=True) | Q(end__gte=day),
        start__lte=day,
        role=Role.CASE_WORKER,
        unit__kind=UnitKind.CHILDREN_AND_FAMILY,
        unit__is_active=True,
        user__is_active=True,
    )


def authority_case_workers() -> QuerySet[User]:
    ids = authority_case_worker_memberships().values("user_id")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def is_case_worker(user: User) -> bool:
    """Any current case-worker membership: decides who sees the inbox and the menu item."""
    if not user.is_authenticated or not user.is_active:
        return False
    day = today()
    return Membership.objects.filter(
        Q(end__isnull=True) | Q(end__gte=day), start__lte=day, user=user, role=Role.CASE_WORKER
    ).exists()


def may_handle(user: User, child: Child) -> bool:
    """A case worker with a current relation (usually the grant the notification gave) to the child."""
    return is_case_worker(user) and can(user, "view_child_details", child)
