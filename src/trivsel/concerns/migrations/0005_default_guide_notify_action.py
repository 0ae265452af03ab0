"""The default guide's step "Underret kommunen" offers the notification form (``action = "notify"``).

Only for the guide loaded from the default file; a municipality's own guide says so itself.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ActionGuideStep = apps.get_model("concerns", "ActionGuideStep")
    ActionGuideStep.objects.filter(guide__source="action_guide_default.json", code="underret").update(action="notify")


def backward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("concerns", "ActionGuideStep").objects.update(action="")


class Migration(migrations.Migration):
    dependencies = [("concerns", "0004_step_action")]

    operations = [migrations.RunPython(forward, backward)]
