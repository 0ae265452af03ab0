"""Loading the action guide "fra bekymring til handling" from a JSON file.

The file looks like ``data/action_guide_default.json``::

    {"name": "...", "levels": {"<level code>": [{"code": "...", "title": "...", "guidance": "...",
                                                 "action": "notify"}, ...]}}

``action`` is optional: "notify" makes the step offer the notification form, and filing the
notification from the concern marks the step done.

Every level code must be a ``ConcernLevel`` that exists, step codes must be unique within a level,
titles must not be empty. ``action_guide_load`` checks the whole file first and replaces the guide
in one transaction, so an invalid file changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from trivsel.concerns.models import ActionGuide, ActionGuideStep, ConcernLevel, StepAction
from trivsel.lib.datafile import read_json

DEFAULT_GUIDE = Path(__file__).resolve().parent / "data" / "action_guide_default.json"
_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _step_errors(level: str, index: int, step: Any, seen: set[str]) -> list[str]:
    where = f"level {level!r}, step {index}"
    if not isinstance(step, dict):
        return [f"{where}: must be an object with code, title and guidance"]
    errors: list[str] = []
    code, title = step.get("code"), step.get("title")
    if not isinstance(code, str) or not _CODE.match(code):
        errors.append(f"{where}: code {code!r} must be lower-case letters, digits and hyphens")
    elif code in seen:
        errors.append(f"{where}: code {code!r} is used twice in this level")
    else:
        seen.add(code)
    if not isinstance(title, str) or not title.strip():
        errors.append(f"{where} ({code}): title must not be empty")
    if not isinstance(step.get("guidance", ""), str):
        errors.append(f"{where} ({code}): guidance must be text")
    if step.get("action", "") not in StepAction.values:
        errors.append(f"{where} ({code}): action must be one of {', '.join(repr(a) for a in StepAction.values)}")
    unknown = sorted(set(step) - {"code", "title", "guidance", "action"})
    if unknown:
        errors.append(f"{where} ({code}): unknown keys {', '.join(unknown)}")
    return errors


def action_guide_validate(data: Any, known_levels: set[str]) -> list[str]:
    """Every problem in the file, each naming the level and step; empty when it is valid."""
    if not isinstance(data, dict) or not isinstance(data.get("levels"), dict):
        return ['the file must be an object with "name" and "levels"']
    errors: list[str] = []
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        errors.append('"name" must not be empty')
    for level, steps in data["levels"].items():
        if level not in known_levels:
            errors.append(f"level {level!r}: unknown level code (known: {', '.join(sorted(known_levels))})")
            continue
        if not isinstance(steps, list) or not steps:
            errors.append(f"level {level!r}: must be a non-empty list of steps")
            continue
        seen: set[str] = set()
        for index, step in enumerate(steps, start=1):
            errors.extend(_step_errors(level, index, step, seen))
    return errors


@transaction.atomic
def action_guide_load(path: Path = DEFAULT_GUIDE) -> ActionGuide:
    """Replace the guide with the one in ``path``; raises ValidationError listing every problem."""
    data = read_json(path)
    levels = {level.code: level for level in ConcernLevel.objects.all()}
    errors = action_guide_validate(data, set(levels))
    if errors:
        raise ValidationError(errors)
    ActionGuide.objects.all().delete()
    guide = ActionGuide.objects.create(name=data["name"].strip(), source=str(path)[:500])
    ActionGuideStep.objects.bulk_create(
        ActionGuideStep(
            guide=guide,
            level=levels[code],
            order=order,
            code=step["code"],
            title=step["title"].strip(),
            guidance=step.get("guidance", "").strip(),
            action=step.get("action", ""),
        )
        for code, steps in data["levels"].items()
        for order, step in enumerate(steps, start=1)
    )
    return guide
