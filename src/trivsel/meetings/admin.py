"""Administrators define the municipality's fora: kind, unit or district, cadence, chair and parts.

Saving goes through ``services.forum_save``; the forum's meetings for the coming year are
generated once its standing participants are saved. Meetings and items are child data and are
handled in Trivsel itself, not here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from trivsel.meetings.cadence import PRESETS
from trivsel.meetings.models import Forum
from trivsel.meetings.services import forum_save, forum_validate, meetings_generate

if TYPE_CHECKING:  # ModelAdmin is generic only in the type stubs.
    AnyModelAdmin = admin.ModelAdmin[Any]
else:
    AnyModelAdmin = admin.ModelAdmin


class ForumForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Forum
        fields = [
            "name", "kind", "unit", "district", "chair_role", "cadence", "first_day", "start_time",
            "duration_minutes", "skip_closed_days", "parts", "members", "is_active",
        ]  # fmt: skip
        help_texts = {
            "cadence": _("Empty for “when needed”. Examples: %(examples)s") % {"examples": "; ".join(PRESETS.values())},
            "parts": _('A list of the meeting’s parts, e.g. ["Sager", "Supervision af teams"].'),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        candidate = Forum(**{k: v for k, v in data.items() if k in {f.name for f in Forum._meta.concrete_fields}})
        try:
            forum_validate(candidate)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


@admin.register(Forum)
class ForumAdmin(AnyModelAdmin):
    form = ForumForm
    list_display = ["name", "kind", "unit", "district", "cadence", "is_active"]
    list_filter = ["kind", "is_active"]
    filter_horizontal = ["members"]

    def save_model(self, request: HttpRequest, obj: Forum, form: Any, change: bool) -> None:
        forum_save(forum=obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        meetings_generate(forum=form.instance)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a forum with meetings is made inactive instead
