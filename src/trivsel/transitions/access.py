"""Who works on a transition: the sending staff prepare it, the receiving staff read what was shared.

The sending side is a leader of the sending unit, or a pedagogue/teacher in it, who works with the
child (``view_child_details``: a case review's read-only grant does not count). The receiving side
is a leader of the receiving unit, or a pedagogue/teacher in the receiving group (any group of the
unit when no group is chosen yet). The receiving side reads the handover only as it was approved
and only while the parents' consent lets it go to their unit (``selectors.handover_for_receiver``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from trivsel.accounts.models import User
from trivsel.children.access import can
from trivsel.lib.time import today
from trivsel.organisation.models import Membership, Role
from trivsel.transitions.models import Transition


def current_memberships(user: User) -> QuerySet[Membership]:
    day = today()
    return Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), user=user, start__lte=day)


def led_unit_ids(user: User) -> set[int]:
    if not user.is_authenticated or getattr(user, "guardian", None) is not None:
        return set()
    return set(current_memberships(user).filter(role=Role.LEADER).values_list("unit_id", flat=True))


def works_in_units(user: User) -> bool:
    """Leaders and pedagogues/teachers: the people transitions are for."""
    return current_memberships(user).filter(role__in=(Role.LEADER, Role.FRONTLINE)).exists()


def leads(user: User, unit_id: int) -> bool:
    return unit_id in led_unit_ids(user)


def _member_of(user: User, unit_id: int) -> bool:
    return current_memberships(user).filter(unit_id=unit_id, role__in=(Role.LEADER, Role.FRONTLINE)).exists()


def sends(user: User, transition: Transition) -> bool:
    """Prepares the handover: works in the sending unit and with the child."""
    return _member_of(user, transition.from_unit_id) and can(user, "view_child_details", transition.child)


def receives(user: User, transition: Transition) -> bool:
    """Leads the receiving unit, or works in the receiving group (or unit, while no group is chosen)."""
    memberships = current_memberships(user).filter(unit_id=transition.to_unit_id)
    frontline = Q(role=Role.FRONTLINE)
    if transition.to_group_id:
        frontline &= Q(group_id=transition.to_group_id)
    return memberships.filter(Q(role=Role.LEADER) | frontline).exists()


def receiving_role(user: User, transition: Transition) -> str:
    return Role.LEADER if leads(user, transition.to_unit_id) else Role.FRONTLINE
