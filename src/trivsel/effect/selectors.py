"""The effect dashboard: the panels for a place and a run of half-years, for a user who may see it.

Reading the dashboard is logged (an overview, no child); it names no child, so no child's row is
written. The panels read the figures counted and suppressed ahead (``refresh.py``), the same for
every viewer.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404

from trivsel.accounts.models import User
from trivsel.attendance.access import ATTENDANCE_UNIT_KINDS
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children.access import staff_scope
from trivsel.effect.models import IndicatorRefresh
from trivsel.effect.panels import PANELS
from trivsel.effect.periods import HalfYear
from trivsel.effect.places import Places, may_view, places, visible_nodes
from trivsel.effect.tables import Panel
from trivsel.organisation.models import Unit

PURPOSE = "effect_dashboard"


@dataclass(frozen=True)
class Dashboard:
    node: str
    label: str
    periods: list[HalfYear]
    places: list[tuple[str, str]]  # what the user may choose: (node, label)
    panels: list[Panel]
    counted_at: datetime.datetime | None  # the oldest count of the figures shown; None: not counted yet
    imports: list[Unit]  # the schools whose attendance the user imports


def dashboard_places(user: User) -> tuple[Places, list[str]]:
    tree = places()
    return tree, visible_nodes(user, tree)


def dashboard(*, user: User, node: str, periods: list[HalfYear], only: str | None = None) -> Dashboard:
    """Every panel (or ``only`` one, for an export) for ``node``; 404 for a place the user may not see."""
    tree, nodes = dashboard_places(user)
    if not may_view(user, node, tree) or (only is not None and only not in PANELS):
        raise Http404
    chosen = {only: PANELS[only]} if only else PANELS
    panels = [function(tree, node, periods) for function in chosen.values()]
    criterion = f"{node} {periods[0].key}..{periods[-1].key}" + (f" {only}" if only else "")
    log_access(actor=user, action=Action.EXPORT if only else Action.READ, purpose=PURPOSE, search_criterion=criterion)
    options = [(n, tree.labels[n]) for n in nodes]
    if node not in nodes:
        options.append((node, tree.labels[node]))
    counted = IndicatorRefresh.objects.filter(period__in=[p.key for p in periods]).order_by("refreshed_at").first()
    at = counted.refreshed_at if counted else None
    return Dashboard(node, tree.labels[node], periods, options, panels, at, _import_units(user))


def _import_units(user: User) -> list[Unit]:
    led = Unit.objects.filter(pk__in=staff_scope(user).led_unit_ids, kind__in=ATTENDANCE_UNIT_KINDS)
    return list(led.order_by("name"))
