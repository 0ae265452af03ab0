"""The handover's frozen content: what the parents approve is what the receiving unit reads.

Frozen as plain values (names, dates, codes) when the handover is sent to the parents, so that a
later change to the child's plan or screenings does not change what was approved. Codes (goal
areas, scales) are turned into words when shown, in the reader's language.
"""

from __future__ import annotations

import datetime
from typing import Any

from trivsel.plans.models import Area, Goal, Intervention, Level, ProgressEntry
from trivsel.plans.selectors import child_plan
from trivsel.screening.selectors import child_position_history
from trivsel.transitions.models import Handover

TEXT_FIELDS = ("strengths", "what_works", "needs", "child_view")


def _goal(goal: Goal, latest: ProgressEntry | None) -> dict[str, Any]:
    return {
        "title": goal.title,
        "area": goal.area,
        "scale": goal.scale,
        "target": goal.target,
        "latest": latest.value if latest else None,
        "latest_on": latest.recorded_on.isoformat() if latest else None,
    }


def _intervention(intervention: Intervention, goals: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": intervention.type.name,
        "level": intervention.level,
        "description": intervention.description,
        "responsible": intervention.responsible.get_full_name() or intervention.responsible.get_username(),
        "start": intervention.start.isoformat(),
        "planned_end": intervention.planned_end.isoformat(),
        "goals": goals,
    }


def freeze(handover: Handover) -> dict[str, Any]:
    """The handover as the parents will see it and the receiving unit will read it."""
    child = handover.transition.child
    content: dict[str, Any] = {name: getattr(handover, name) for name in TEXT_FIELDS}
    contact = handover.contact_person
    content["contact_person"] = (contact.get_full_name() or contact.get_username()) if contact else ""
    content["contact_email"] = contact.email if contact else ""
    content["interventions"] = (
        [
            _intervention(view.intervention, [_goal(g.goal, g.latest) for g in view.goals])
            for view in child_plan(child)
            if view.intervention.is_open
        ]
        if handover.include_plan
        else None
    )
    content["screenings"] = (
        [
            {
                "date": s.agreed_at.date().isoformat(),
                "round": s.round.name,
                "unit": s.round.unit.name,
                "position": s.position.name,
                "colour": s.position.colour,
            }
            for s in child_position_history(child)
        ]
        if handover.include_screenings
        else None
    )
    content["parents_view"] = ""
    return content


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def readable(content: dict[str, Any]) -> dict[str, Any]:
    """The frozen content with its codes in words and its dates as dates, for a template."""
    shown = dict(content)
    shown["interventions"] = [
        {
            **i,
            "start": _day(i["start"]),
            "planned_end": _day(i["planned_end"]),
            "level_label": Level(i["level"]).label if i["level"] in Level.values else i["level"],
            "goals": [
                {
                    **g,
                    "latest_on": _day(g["latest_on"]),
                    "area_label": Area(g["area"]).label if g["area"] in Area.values else g["area"],
                }
                for g in i["goals"]
            ],
        }
        for i in content.get("interventions") or []
    ]
    shown["screenings"] = [{**s, "date": _day(s["date"])} for s in content.get("screenings") or []]
    shown["include_plan"] = content.get("interventions") is not None
    shown["include_screenings"] = content.get("screenings") is not None
    return shown
