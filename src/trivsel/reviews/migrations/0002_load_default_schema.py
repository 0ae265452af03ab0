"""Publish the default analysis schema (``data/schema_default.json``) when there is none yet.

Without app code, as the other data migrations: the file's shape is checked by the loader's tests.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.utils import timezone

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "schema_default.json"


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ReviewSchema = apps.get_model("reviews", "ReviewSchema")
    Theme = apps.get_model("reviews", "Theme")
    Criterion = apps.get_model("reviews", "Criterion")
    if ReviewSchema.objects.exists():
        return
    data = json.loads(SCHEMA.read_text(encoding="utf-8"))
    schema = ReviewSchema.objects.create(
        family=data["family"], version=1, name=data["name"], description=data["description"],
        published_at=timezone.now(),
    )  # fmt: skip
    for t, entry in enumerate(data["themes"], start=1):
        theme = Theme.objects.create(schema=schema, order=t, name=entry["name"])
        for c, item in enumerate(entry["criteria"], start=1):
            Criterion.objects.create(
                schema=schema, theme=theme, order=c, code=item["code"], question=item["question"],
                guidance=item.get("guidance", ""), scale=item.get("scale", "strength"),
            )  # fmt: skip


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("reviews", "ReviewSchema").objects.filter(rounds__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
