"""A first catalogue of interventions from the seeds; the municipality edits it in the admin."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

CATALOGUE = [
    ("Lokal handleplan", "general", "Tiltag i barnets dagtilbud eller skole, fx en fast voksen eller legeaftaler."),
    ("Minigruppe", "preventive", "Et forløb i en lille gruppe af børn med en pædagog eller lærer."),
    ("Mentor", "preventive", "En mentor eller støtte-kontaktperson for barnet eller den unge."),
    ("Forældrevejledning", "preventive", "Råd og vejledning til forældrene, så de selv kan håndtere udfordringerne."),
    (
        "Handleteam",
        "preventive",
        "Hurtig og fleksibel handling for børn 6–16 år i moderat trivsel eller sårbare (Hedensted).",
    ),
    ("PPR-forløb", "specialised", "Et forløb med psykolog eller anden fagperson fra PPR."),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    InterventionType = apps.get_model("plans", "InterventionType")
    for name, level, description in CATALOGUE:
        InterventionType.objects.get_or_create(name=name, defaults={"level": level, "description": description})


def unseed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("plans", "InterventionType").objects.filter(name__in=[c[0] for c in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_interventions_goals_progress")]

    operations = [migrations.RunPython(seed, unseed)]
