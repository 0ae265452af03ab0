"""Who rates and who sees screenings; built on the one access policy in ``children.access``.

A group's children are rated by the group's frontline staff and by the leader of its unit: exactly
the people the access policy gives a working relation to those children through the group or the
unit. Grants (a case worker, a psychologist) give sight of a child, not a vote in its group's
screening. Overviews of a unit are for its leader; a district's overview, which names no child, is
for the district's advisers and the leaders of its units.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from trivsel.accounts.models import User
from trivsel.children.access import Relation, staff_scope
from trivsel.lib.time import today
from trivsel.organisation.models import District, Group, Membership, Role, Unit


def _is_staff(user: User) -> bool:
    return user.is_authenticated and user.is_active and getattr(user, "guardian", None) is None


def group_relation(user: User, group: Group) -> Relation | None:
    """The relation through which ``user`` rates the children of ``group``, or None."""
    if not _is_staff(user):
        return None
    scope = staff_scope(user)
    if group.pk in scope.group_ids:
        return Relation(via="group", role=Role.FRONTLINE, unit_id=group.unit_id)
    if group.unit_id in scope.led_unit_ids:
        return Relation(via="unit", role=Role.LEADER, unit_id=group.unit_id)
    return None


def leads_unit(user: User, unit_id: int) -> bool:
    return _is_staff(user) and unit_id in staff_scope(user).led_unit_ids


def works_in_unit(user: User, unit_id: int) -> bool:
    """Leads the unit or is frontline in one of its groups: may open the unit's rounds."""
    if not _is_staff(user):
        return False
    scope = staff_scope(user)
    if unit_id in scope.led_unit_ids:
        return True
    return any(role == Role.FRONTLINE and unit == unit_id for role, unit in scope.roles.values())


def takes_part_in_screening(user: User) -> bool:
    """Leads a unit, works in a group, or advises a district: decides the menu item."""
    if not _is_staff(user):
        return False
    scope = staff_scope(user)
    return bool(scope.group_ids or scope.led_unit_ids) or overview_districts(user).exists()


def screening_units(user: User) -> QuerySet[Unit]:
    """The units whose rounds the user takes part in (leader, or frontline in a group)."""
    if not _is_staff(user):
        return Unit.objects.none()
    scope = staff_scope(user)
    frontline_units = Group.objects.filter(pk__in=scope.group_ids).values("unit_id")
    return Unit.objects.filter(Q(pk__in=scope.led_unit_ids) | Q(pk__in=frontline_units)).order_by("name")


def rateable_groups(user: User, unit: Unit) -> QuerySet[Group]:
    """The unit's active groups the user rates: all of them for its leader, their own for frontline staff."""
    groups = Group.objects.filter(unit=unit, is_active=True).order_by("name")
    if leads_unit(user, unit.pk):
        return groups
    if not _is_staff(user):
        return groups.none()
    return groups.filter(pk__in=staff_scope(user).group_ids)


def overview_districts(user: User) -> QuerySet[District]:
    """Districts whose overview the user may see: advisers of the district, leaders of its units."""
    if not _is_staff(user):
        return District.objects.none()
    day = today()
    current = Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day, user=user)
    adviser_of = current.filter(role=Role.DISTRICT_ADVISER).values("district_id")
    leader_in = current.filter(role=Role.LEADER, unit__district__isnull=False).values("unit__district_id")
    return District.objects.filter(Q(pk__in=adviser_of) | Q(pk__in=leader_in)).order_by("name")
