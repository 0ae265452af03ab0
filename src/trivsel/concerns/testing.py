"""Test data for concerns: the default levels and guide, also after a live-server test flushed the tables."""

from __future__ import annotations

from trivsel.concerns.guide import action_guide_load
from trivsel.concerns.models import ActionGuide, ConcernLevel

LEVELS = [("lille", "Lille bekymring", 1), ("middel", "Middel bekymring", 2), ("stor", "Stor bekymring", 3)]


def default_levels_and_guide() -> dict[str, ConcernLevel]:
    """The data migrations' levels and guide; a transactional test's flush removes them, so make sure."""
    levels = {
        code: ConcernLevel.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "description": f"Beskrivelse af {name.lower()}"}
        )[0]
        for code, name, order in LEVELS
    }
    if not ActionGuide.objects.exists():
        action_guide_load()
    return levels
