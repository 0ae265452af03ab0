"""The three default levels of concern; a municipality renames or adds to them in the admin."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

LEVELS = [
    (
        "lille",
        "Lille bekymring",
        1,
        "green",
        "Du undrer dig over barnets trivsel eller udvikling. Tal med forældrene, observer og drøft med lederen.",
    ),
    (
        "middel",
        "Middel bekymring",
        2,
        "yellow",
        "Bekymringen varer ved, eller der er flere tegn. Indhent samtykke og tag barnet op til flerfaglig sparring.",
    ),
    (
        "stor",
        "Stor bekymring",
        3,
        "red",
        "Barnet kan have brug for særlig støtte, eller du frygter for barnets sundhed eller udvikling. Du har pligt til at underrette (Barnets Lov § 133).",
    ),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ConcernLevel = apps.get_model("concerns", "ConcernLevel")
    for code, name, order, colour, description in LEVELS:
        ConcernLevel.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "colour": colour, "description": description}
        )


def unseed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("concerns", "ConcernLevel").objects.filter(code__in=[level[0] for level in LEVELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("concerns", "0001_concerns_and_action_guide")]

    operations = [migrations.RunPython(seed, unseed)]
