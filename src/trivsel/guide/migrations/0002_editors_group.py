"""The group "Redaktører for samarbejdsguiden" with the permission to edit the guide.

The permission row is made here (Django would make it only after all migrations have run), so
that the group can hold it at once; the permission's name is copied, not imported.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

EDITORS = "Redaktører for samarbejdsguiden"


def create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(app_label="guide", model="guidepage")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="edit_guide",
        defaults={"name": "Can write and edit the collaboration guide's pages"},
    )
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(permission)


def remove(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0001_pages_and_versions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create, remove)]
