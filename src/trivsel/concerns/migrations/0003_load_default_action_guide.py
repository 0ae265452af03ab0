"""Load the default action guide from the app's JSON file (the same file ``load_action_guide`` reads).

Only when no guide is loaded yet, and without app code: the file's shape is checked by the
loader's tests (``test_guide.py``), so this step only copies it.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

GUIDE = Path(__file__).resolve().parent.parent / "data" / "action_guide_default.json"


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ActionGuide = apps.get_model("concerns", "ActionGuide")
    ActionGuideStep = apps.get_model("concerns", "ActionGuideStep")
    ConcernLevel = apps.get_model("concerns", "ConcernLevel")
    if ActionGuide.objects.exists():
        return
    data = json.loads(GUIDE.read_text(encoding="utf-8"))
    levels = {level.code: level for level in ConcernLevel.objects.all()}
    guide = ActionGuide.objects.create(name=data["name"], source=GUIDE.name)
    for code, steps in data["levels"].items():
        if code not in levels:  # a level the municipality removed: nothing to attach the steps to
            continue
        for order, step in enumerate(steps, start=1):
            ActionGuideStep.objects.create(
                guide=guide,
                level=levels[code],
                order=order,
                code=step["code"],
                title=step["title"],
                guidance=step.get("guidance", ""),
            )


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("concerns", "ActionGuide").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("concerns", "0002_seed_default_concern_levels")]

    operations = [migrations.RunPython(load, unload)]
