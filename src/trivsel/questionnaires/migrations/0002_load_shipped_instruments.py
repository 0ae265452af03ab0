"""Load the instrument versions that ship with Trivsel (``questionnaires/data/*.json``).

Without app code: the files' shape is checked by ``test_instruments.py``; this step copies them.
``manage.py load_instruments`` does the same, with validation, for a municipality's own files.
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
                "informant": data["informant"],
                "age_from": data["age_from"],
                "age_to": data["age_to"],
                "definition": data,
            },
        )


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("questionnaires", "Instrument").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_questionnaires")]

    operations = [migrations.RunPython(load, unload)]
