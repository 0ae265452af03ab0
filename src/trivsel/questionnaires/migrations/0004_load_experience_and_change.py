"""Load the shipped files again: the family-experience questionnaires are new, the SDQ files gained the
norms' SD and reliability (reliable change) and the parent version the added-value formula.

Without app code, as 0002: the files' shape is checked by ``test_instruments.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Instrument = apps.get_model("questionnaires", "Instrument")
    for path in sorted(DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        Instrument.objects.update_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "kind": data["kind"],
                "informant": data["informant"],
                "age_from": data["age_from"],
                "age_to": data["age_to"],
                "definition": data,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0003_change_measures")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
