"""Admin pages for users: Django's UserAdmin with the person's memberships (roles) below.

Administrators are users with ``is_staff``. Users are deactivated, never deleted: the access log
and consents refer to them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from trivsel.accounts.models import User
from trivsel.organisation.admin import AnyInlineFormSet, AnyModelForm, MembershipInline, save_membership_formset

if TYPE_CHECKING:  # generic only in the type stubs
    BaseUserAdmin = DjangoUserAdmin[User]
else:
    BaseUserAdmin = DjangoUserAdmin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]

    def get_inline_instances(self, request: HttpRequest, obj: User | None = None) -> list[InlineModelAdmin[Any, Any]]:
        # Memberships are added once the user exists (the add page only sets the password).
        return super().get_inline_instances(request, obj) if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False

    def save_formset(self, request: HttpRequest, form: AnyModelForm, formset: AnyInlineFormSet, change: bool) -> None:
        save_membership_formset(request, formset)
