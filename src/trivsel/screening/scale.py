"""Loading the municipality's position scale from a JSON file (``data/scale_topi.json`` is the default).

The file looks like::

    {"name": "...", "source": "...",
     "positions": [{"code": "groen", "name": "Grøn", "colour": "green", "description": "...",
                    "needs_next_step": false}, ...],          # best first, 2 to 7 positions
     "dimensions": [{"code": "...", "name": "...", "description": "..."}, ...]}

Loading adds a new scale and makes it the one new rounds use; rounds already opened keep theirs.
The whole file is checked first, so an invalid file changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from trivsel.lib.datafile import read_json
from trivsel.screening.models import Colour, Dimension, Position, PositionScale

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_SCALE = DATA / "scale_topi.json"
_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_POSITIONS, MAX_POSITIONS = 2, 7
_POSITION_KEYS = {"code", "name", "colour", "description", "needs_next_step"}
_DIMENSION_KEYS = {"code", "name", "description"}


def _entry_errors(kind: str, index: int, entry: Any, allowed: set[str], seen: set[str]) -> list[str]:
    where = f"{kind} {index}"
    if not isinstance(entry, dict):
        return [f"{where}: must be an object with {', '.join(sorted(allowed))}"]
    errors: list[str] = []
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        errors.append(f"{where}: code {code!r} must be lower-case letters, digits and hyphens")
    elif code in seen:
        errors.append(f"{where}: code {code!r} is used twice")
    else:
        seen.add(code)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append(f"{where} ({code}): name must not be empty")
    if not isinstance(entry.get("description", ""), str):
        errors.append(f"{where} ({code}): description must be text")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        errors.append(f"{where} ({code}): unknown keys {', '.join(unknown)}")
    return errors


def _position_errors(index: int, entry: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    code = entry.get("code")
    if entry.get("colour") not in Colour.values:
        errors.append(f"position {index} ({code}): colour must be one of {', '.join(Colour.values)}")
    if not isinstance(entry.get("needs_next_step", False), bool):
        errors.append(f"position {index} ({code}): needs_next_step must be true or false")
    return errors


def position_scale_validate(data: Any) -> list[str]:
    """Every problem in the file, each naming the position or dimension; empty when it is valid."""
    if not isinstance(data, dict):
        return ['the file must be an object with "name", "positions" and "dimensions"']
    errors: list[str] = []
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        errors.append('"name" must not be empty')
    if not isinstance(data.get("source", ""), str):
        errors.append('"source" must be text')
    positions = data.get("positions")
    if not isinstance(positions, list) or not MIN_POSITIONS <= len(positions) <= MAX_POSITIONS:
        errors.append(f'"positions" must be a list of {MIN_POSITIONS} to {MAX_POSITIONS} positions, best first')
        positions = []
    seen: set[str] = set()
    for index, entry in enumerate(positions, start=1):
        found = _entry_errors("position", index, entry, _POSITION_KEYS, seen)
        errors.extend(found or _position_errors(index, entry))
    if positions and all(isinstance(p, dict) for p in positions) and positions[0].get("needs_next_step"):
        errors.append("position 1: the best position cannot need a next step")
    dimensions = data.get("dimensions", [])
    if not isinstance(dimensions, list):
        errors.append('"dimensions" must be a list (it may be empty)')
        dimensions = []
    seen = set()
    for index, entry in enumerate(dimensions, start=1):
        errors.extend(_entry_errors("dimension", index, entry, _DIMENSION_KEYS, seen))
    unknown = sorted(set(data) - {"name", "source", "positions", "dimensions"})
    if unknown:
        errors.append(f"unknown keys {', '.join(unknown)}")
    return errors


@transaction.atomic
def position_scale_load(path: Path = DEFAULT_SCALE) -> PositionScale:
    """Add the scale in ``path`` and make it the active one; raises ValidationError listing every problem."""
    data = read_json(path)
    errors = position_scale_validate(data)
    if errors:
        raise ValidationError([f"{path.name}: {e}" for e in errors])
    PositionScale.objects.filter(is_active=True).update(is_active=False)
    scale = PositionScale.objects.create(
        name=data["name"].strip(), source=data.get("source", "").strip(), is_active=True
    )
    Position.objects.bulk_create(
        Position(
            scale=scale,
            order=order,
            code=p["code"],
            name=p["name"].strip(),
            colour=p["colour"],
            description=p.get("description", "").strip(),
            needs_next_step=p.get("needs_next_step", False),
        )
        for order, p in enumerate(data["positions"], start=1)
    )
    Dimension.objects.bulk_create(
        Dimension(
            scale=scale, order=order, code=d["code"], name=d["name"].strip(), description=d.get("description", "")
        )
        for order, d in enumerate(data.get("dimensions", []), start=1)
    )
    return scale


def active_scale() -> PositionScale | None:
    return PositionScale.objects.filter(is_active=True).first()
