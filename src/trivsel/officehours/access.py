"""Who hosts office hours and who books them."""

from __future__ import annotations

from trivsel.accounts.models import User
from trivsel.organisation.models import Role
from trivsel.transitions.access import current_memberships

HOST_ROLES = (Role.SPECIALIST, Role.DISTRICT_ADVISER, Role.CASE_WORKER)
BOOKER_ROLES = (Role.FRONTLINE, Role.LEADER, *HOST_ROLES)


def hosts(user: User) -> bool:
    """Specialists (psychologists, health visitors …), district advisers and case workers publish slots."""
    return user.is_authenticated and current_memberships(user).filter(role__in=HOST_ROLES).exists()


def books(user: User) -> bool:
    """Professionals who work with children; not parents, analysts or case reviewers."""
    if not user.is_authenticated or getattr(user, "guardian", None) is not None:
        return False
    return current_memberships(user).filter(role__in=BOOKER_ROLES).exists()
