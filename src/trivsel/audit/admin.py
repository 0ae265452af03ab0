"""The access log in the admin: read-only, for the administrator who must answer Datatilsynet.

No add, change or delete here (on PostgreSQL a trigger refuses UPDATE and DELETE as well);
old rows go only through the retention purge. The field-level history (``FieldChange``) is not
listed: it holds the old and new values of children's data, which leaders see in the child's
access report, where the access policy decides who may read it.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from trivsel.audit.models import AccessLog
from trivsel.organisation.admin import AnyModelAdmin


@admin.register(AccessLog)
class AccessLogAdmin(AnyModelAdmin):
    list_display = [
        "at",
        "username",
        "role",
        "action",
        "child_id",
        "object_type",
        "object_id",
        "purpose",
        "search_criterion",
        "status",
    ]
    list_filter = ["action", "role", "status"]
    search_fields = ["username", "purpose", "object_type"]
    show_full_result_count = False  # the log grows large; an exact count on every page is not needed

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
