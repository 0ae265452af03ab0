"""Administrators maintain the concern levels; concerns themselves are child data and stay out.

The action guide is loaded from a file (``manage.py load_action_guide``), not edited here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from trivsel.concerns.models import ConcernLevel

if TYPE_CHECKING:  # ModelAdmin is generic only in the type stubs.
    AnyModelAdmin = admin.ModelAdmin[Any]
else:
    AnyModelAdmin = admin.ModelAdmin


@admin.register(ConcernLevel)
class ConcernLevelAdmin(AnyModelAdmin):
    list_display = ["order", "code", "name", "colour"]
    list_display_links = ["code"]
    ordering = ["order"]
