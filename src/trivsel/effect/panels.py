"""The dashboard's panels in their order, and the tables they are drawn from."""

from __future__ import annotations

from collections.abc import Callable

from trivsel.effect import outcomes, practice
from trivsel.effect.periods import HalfYear
from trivsel.effect.places import Places
from trivsel.effect.tables import Panel

SPECS = [*practice.SPECS, *outcomes.SPECS]
# The tables each panel reads (the bench times their counting against the panel).
PANEL_SPECS = {
    "positions": [practice.POSITIONS],
    "flows": [practice.FLOWS],
    "concerns": [practice.CONCERNS, practice.FIRST_STEPS],
    "notifications": [practice.ASSESSMENTS, practice.ACKNOWLEDGEMENTS],
    "interventions": [outcomes.INTERVENTIONS, outcomes.ADDED_VALUES, outcomes.GOALS],
    "experience": [outcomes.EXPERIENCE],
    "attendance": [outcomes.ATTENDANCE],
}
PanelFunction = Callable[[Places, str, list[HalfYear]], Panel]
PANELS: dict[str, PanelFunction] = {
    "positions": practice.positions_panel,
    "flows": practice.flows_panel,
    "concerns": practice.concerns_panel,
    "notifications": practice.notifications_panel,
    "interventions": outcomes.interventions_panel,
    "experience": outcomes.experience_panel,
    "attendance": outcomes.attendance_panel,
}
