"""Administrators see the position scales (read-only): they are loaded from a file with
``manage.py load_position_scale``, and rounds keep the scale they were opened with.
Ratings are child data and stay out of the admin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from trivsel.screening.models import Dimension, Position, PositionScale

if TYPE_CHECKING:  # ModelAdmin and TabularInline are generic only in the type stubs.
    AnyModelAdmin = admin.ModelAdmin[Any]
    AnyInline = admin.TabularInline[Any, Any]
else:
    AnyModelAdmin = admin.ModelAdmin
    AnyInline = admin.TabularInline


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PositionInline(_ReadOnly, AnyInline):
    model = Position
    fields = ["order", "code", "name", "colour", "needs_next_step", "description"]
    extra = 0


class DimensionInline(_ReadOnly, AnyInline):
    model = Dimension
    fields = ["order", "code", "name", "description"]
    extra = 0


@admin.register(PositionScale)
class PositionScaleAdmin(_ReadOnly, AnyModelAdmin):
    list_display = ["name", "is_active", "loaded_at", "source"]
    inlines = [PositionInline, DimensionInline]
