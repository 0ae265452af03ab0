"""Load the default position scale (TOPI: grøn, gul, rød) from the app's JSON file.

Only when no scale is loaded yet, and without app code: the file's shape is checked by the
loader's tests (``test_scale.py``), so this step only copies it.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

SCALE = Path(__file__).resolve().parent.parent / "data" / "scale_topi.json"


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    PositionScale = apps.get_model("screening", "PositionScale")
    Position = apps.get_model("screening", "Position")
    Dimension = apps.get_model("screening", "Dimension")
    if PositionScale.objects.exists():
        return
    data = json.loads(SCALE.read_text(encoding="utf-8"))
    scale = PositionScale.objects.create(name=data["name"], source=data["source"], is_active=True)
    for order, p in enumerate(data["positions"], start=1):
        Position.objects.create(
            scale=scale,
            order=order,
            code=p["code"],
            name=p["name"],
            colour=p["colour"],
            description=p["description"],
            needs_next_step=p["needs_next_step"],
        )
    for order, d in enumerate(data["dimensions"], start=1):
        Dimension.objects.create(scale=scale, order=order, code=d["code"], name=d["name"], description=d["description"])


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("screening", "PositionScale").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_screening_rounds_ratings")]

    operations = [migrations.RunPython(load, unload)]
