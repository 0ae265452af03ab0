"""Test data for plans: an intervention of the default catalogue with a goal."""

from __future__ import annotations

import datetime
from typing import Any

from trivsel.lib.time import today
from trivsel.plans.models import Goal, Intervention, InterventionType


def catalogue() -> InterventionType:
    found, _created = InterventionType.objects.get_or_create(name="Mentor", defaults={"level": "preventive"})
    return found


def make_intervention(child: Any, responsible: Any, **fields: Any) -> Intervention:
    values: dict[str, Any] = {
        "type": catalogue(),
        "level": "preventive",
        "start": today() - datetime.timedelta(days=30),
        "planned_end": today() + datetime.timedelta(days=60),
        "evaluation_due": today() + datetime.timedelta(days=14),
        "created_by": responsible,
    }
    values.update(fields)
    return Intervention.objects.create(child=child, responsible=responsible, **values)


def make_goal(intervention: Intervention, **fields: Any) -> Goal:
    values: dict[str, Any] = {
        "title": "Siger farvel uden gråd",
        "area": "trivsel",
        "owner": "child",
        "scale": "0-10",
        "target": 8,
    }
    values.update(fields)
    return Goal.objects.create(intervention=intervention, **values)
