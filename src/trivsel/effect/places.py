"""The places the dashboard counts by — units in districts in the municipality — and who sees which.

Nodes are keys: ``"m"`` the municipality, ``"d<id>"`` a district, ``"d0"`` the units that serve the
whole municipality (no district), ``"u<id>"`` a unit and ``"u0"`` children without an enrolment.
Leaders see their units, district advisers their districts, analysts (management) a district or
the whole municipality. Nobody gets a child from here: the dashboard has aggregates only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.lib.time import today
from trivsel.organisation.models import District, Membership, Role, Unit

ROOT = "m"
NO_DISTRICT = "d0"
NO_UNIT = "u0"


@dataclass(frozen=True)
class Places:
    parent: dict[str, str | None]
    labels: dict[str, str]

    def children(self, node: str) -> list[str]:
        kids = [n for n, up in self.parent.items() if up == node]
        return sorted(kids, key=lambda n: (n in (NO_DISTRICT, NO_UNIT), self.labels[n]))

    def contains(self, node: str, leaf: str) -> bool:
        """``leaf`` is ``node`` or lies under it."""
        current: str | None = leaf
        while current is not None:
            if current == node:
                return True
            current = self.parent.get(current)
        return False

    def unit_ids(self, node: str) -> list[int] | None:
        """The units under ``node``; None for the whole municipality."""
        if node == ROOT:
            return None
        if node.startswith("u"):
            return [int(node[1:])]
        return [int(n[1:]) for n in self.children(node) if n != NO_UNIT]


def unit_node(unit_id: int | None) -> str:
    return f"u{unit_id}" if unit_id else NO_UNIT


def places() -> Places:
    """The whole tree, two queries."""
    municipality = District.objects.values_list("municipality__name", flat=True).first()
    parent: dict[str, str | None] = {ROOT: None, NO_DISTRICT: ROOT, NO_UNIT: NO_DISTRICT}
    labels = {
        ROOT: municipality or _("The municipality"),
        NO_DISTRICT: _("Municipality-wide units"),
        NO_UNIT: _("Not enrolled"),
    }
    for district in District.objects.only("id", "name"):
        parent[f"d{district.pk}"] = ROOT
        labels[f"d{district.pk}"] = district.name
    for unit in Unit.objects.only("id", "name", "district_id"):
        parent[f"u{unit.pk}"] = f"d{unit.district_id}" if unit.district_id else NO_DISTRICT
        labels[f"u{unit.pk}"] = unit.name
    return Places(parent, labels)


DASHBOARD_ROLES = (Role.LEADER, Role.DISTRICT_ADVISER, Role.ANALYST)


def _current(user: User) -> QuerySet[Membership]:
    day = today()
    return Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day, user=user)


def sees_dashboard(user: User) -> bool:
    """Leads a unit, advises a district or analyses: the menu shows the dashboard (one query)."""
    if not user.is_authenticated or getattr(user, "guardian", None) is not None:
        return False
    return _current(user).filter(role__in=DASHBOARD_ROLES).exists()


def visible_nodes(user: User, tree: Places) -> list[str]:
    """The nodes ``user`` may open, widest first."""
    if not user.is_authenticated or getattr(user, "guardian", None) is not None:
        return []
    nodes: list[str] = []
    for role, unit_id, district_id in _current(user).values_list("role", "unit_id", "district_id").order_by("role"):
        if role == Role.ANALYST:
            nodes.append(f"d{district_id}" if district_id else ROOT)
        elif role == Role.DISTRICT_ADVISER and district_id:
            nodes.append(f"d{district_id}")
        elif role == Role.LEADER and unit_id:
            nodes.append(f"u{unit_id}")
    if ROOT in nodes:
        nodes = [ROOT, *(n for n in tree.parent if n.startswith("d") and n != NO_DISTRICT), *nodes]
    depth = {"m": 0, "d": 1, "u": 2}
    seen = dict.fromkeys(n for n in nodes if n in tree.parent)
    return sorted(seen, key=lambda n: (depth[n[0]], tree.labels[n]))


def may_view(user: User, node: str, tree: Places) -> bool:
    """A node the user sees, or one inside it (an analyst of the municipality opens any unit)."""
    return node in tree.parent and any(tree.contains(allowed, node) for allowed in visible_nodes(user, tree))
