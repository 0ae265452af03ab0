"""Administrators maintain the catalogue of interventions; interventions themselves are child data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from trivsel.plans.models import InterventionType

if TYPE_CHECKING:  # ModelAdmin is generic only in the type stubs.
    AnyModelAdmin = admin.ModelAdmin[Any]
else:
    AnyModelAdmin = admin.ModelAdmin


@admin.register(InterventionType)
class InterventionTypeAdmin(AnyModelAdmin):
    list_display = ["name", "level", "is_active"]
    list_filter = ["level", "is_active"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # used types are made inactive instead
