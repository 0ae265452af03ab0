"""Admin pages for the organisation: municipality, districts, units with their groups, memberships.

Every save goes through ``organisation.services`` (validated, logged with field changes). Nothing
is deleted here: units and groups are made inactive and memberships are ended, so that the access
log can still say through which unit and role a person saw a child.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from trivsel.accounts.models import User
from trivsel.organisation import services
from trivsel.organisation.models import District, Group, Membership, Municipality, Unit

if TYPE_CHECKING:  # Django's admin and form classes are generic only in the type stubs.
    AnyModelAdmin = admin.ModelAdmin[Any]
    AnyTabularInline = admin.TabularInline[Any, Any]
    AnyModelForm = forms.ModelForm[Any]
    AnyInlineFormSet = BaseInlineFormSet[Any, Any, Any]
else:
    AnyModelAdmin, AnyTabularInline, AnyModelForm = admin.ModelAdmin, admin.TabularInline, forms.ModelForm
    AnyInlineFormSet = BaseInlineFormSet


def actor_of(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the admin site lets only signed-in staff in
    return user


def adopt(obj: Model, saved: Model) -> None:
    """Make the admin's unsaved form object stand for the row the service saved (for inlines, history)."""
    obj.pk = saved.pk
    obj._state.adding = False


class NoDeleteAdmin(AnyModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def mark_formset_saved(formset: AnyInlineFormSet, new: list[Model], changed: list[tuple[Model, list[str]]]) -> None:
    """What ``formset.save()`` would have recorded, for the admin's own change message."""
    formset.new_objects = new
    formset.changed_objects = changed
    formset.deleted_objects = []


@admin.register(Municipality)
class MunicipalityAdmin(NoDeleteAdmin):
    list_display = ["name", "code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One deployment serves one municipality.
        return super().has_add_permission(request) and not Municipality.objects.exists()

    def save_model(self, request: HttpRequest, obj: Municipality, form: AnyModelForm, change: bool) -> None:
        data = form.cleaned_data
        if change:
            saved = services.municipality_update(
                actor=actor_of(request), municipality=obj, name=data["name"], code=data["code"]
            )
        else:
            saved = services.municipality_create(actor=actor_of(request), name=data["name"], code=data["code"])
        adopt(obj, saved)


@admin.register(District)
class DistrictAdmin(NoDeleteAdmin):
    list_display = ["name", "municipality"]
    search_fields = ["name"]

    def save_model(self, request: HttpRequest, obj: District, form: AnyModelForm, change: bool) -> None:
        data = form.cleaned_data
        if change:
            saved = services.district_update(
                actor=actor_of(request), district=obj, municipality=data["municipality"], name=data["name"]
            )
        else:
            saved = services.district_create(
                actor=actor_of(request), municipality=data["municipality"], name=data["name"]
            )
        adopt(obj, saved)


class GroupInline(AnyTabularInline):
    model = Group
    fields = ["name", "is_active"]
    extra = 1
    can_delete = False


class UnitForm(AnyModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "district", "is_active"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "kind" in data:
            try:
                services.unit_kind_validate(unit=self.instance, kind=data["kind"])
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(Unit)
class UnitAdmin(NoDeleteAdmin):
    form = UnitForm
    list_display = ["name", "kind", "district", "is_active"]
    list_filter = ["kind", "district", "is_active"]
    list_select_related = ["district"]
    search_fields = ["name"]
    inlines = [GroupInline]

    def save_model(self, request: HttpRequest, obj: Unit, form: AnyModelForm, change: bool) -> None:
        data = form.cleaned_data
        values = {"name": data["name"], "kind": data["kind"], "district": data["district"]}
        if change:
            saved = services.unit_update(actor=actor_of(request), unit=obj, is_active=data["is_active"], **values)
        else:
            saved = services.unit_create(actor=actor_of(request), is_active=data["is_active"], **values)
        adopt(obj, saved)

    def save_formset(self, request: HttpRequest, form: AnyModelForm, formset: AnyInlineFormSet, change: bool) -> None:
        actor = actor_of(request)
        new: list[Model] = []
        changed: list[tuple[Model, list[str]]] = []
        for group_form in formset.forms:
            if not group_form.has_changed():
                continue
            data = group_form.cleaned_data
            if group_form.instance.pk is None:
                new.append(
                    services.group_create(
                        actor=actor, unit=formset.instance, name=data["name"], is_active=data["is_active"]
                    )
                )
            else:
                group = services.group_update(
                    actor=actor, group=group_form.instance, name=data["name"], is_active=data["is_active"]
                )
                changed.append((group, group_form.changed_data))
        mark_formset_saved(formset, new, changed)


@admin.register(Group)
class GroupAdmin(NoDeleteAdmin):
    list_display = ["name", "unit", "is_active"]
    list_filter = ["unit__kind", "is_active"]
    list_select_related = ["unit"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]

    def get_readonly_fields(self, request: HttpRequest, obj: Group | None = None) -> list[str]:
        # Enrolments and memberships name the group's unit too: a group never moves.
        return ["unit"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Group, form: AnyModelForm, change: bool) -> None:
        data = form.cleaned_data
        if change:
            saved = services.group_update(
                actor=actor_of(request), group=obj, name=data["name"], is_active=data["is_active"]
            )
        else:
            saved = services.group_create(
                actor=actor_of(request), unit=data["unit"], name=data["name"], is_active=data["is_active"]
            )
        adopt(obj, saved)


MEMBERSHIP_FIELDS = ("role", "profession", "unit", "group", "district", "start", "end")


def _membership_values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in MEMBERSHIP_FIELDS}


def save_membership(
    request: HttpRequest, membership: Membership, data: dict[str, Any], user: User | None = None
) -> Membership:
    """Create (``membership.pk`` None) or change a membership through the services."""
    actor = actor_of(request)
    if membership.pk is None:
        assert user is not None
        return services.membership_create(actor=actor, user=user, **_membership_values(data))
    return services.membership_update(actor=actor, membership=membership, **_membership_values(data))


class MembershipInline(AnyTabularInline):
    """A person's roles, on the user's page."""

    model = Membership
    fk_name = "user"
    fields = MEMBERSHIP_FIELDS
    autocomplete_fields = ["unit", "group", "district"]
    extra = 0
    can_delete = False


def save_membership_formset(request: HttpRequest, formset: AnyInlineFormSet) -> None:
    new: list[Model] = []
    changed: list[tuple[Model, list[str]]] = []
    for membership_form in formset.forms:
        if not membership_form.has_changed():
            continue
        is_new = membership_form.instance.pk is None
        saved = save_membership(request, membership_form.instance, membership_form.cleaned_data, formset.instance)
        if is_new:
            new.append(saved)
        else:
            changed.append((saved, membership_form.changed_data))
    mark_formset_saved(formset, new, changed)


@admin.register(Membership)
class MembershipAdmin(NoDeleteAdmin):
    list_display = ["user", "role", "profession", "unit", "group", "district", "start", "end"]
    list_filter = ["role", "profession", "unit__kind", "district"]
    list_select_related = ["user", "unit", "group__unit", "district"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name", "group__name"]
    autocomplete_fields = ["user", "unit", "group", "district"]
    fields = ("user", *MEMBERSHIP_FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None) -> list[str]:
        # A membership belongs to one person; give another person a membership of their own.
        return ["user"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Membership, form: AnyModelForm, change: bool) -> None:
        data = form.cleaned_data
        saved = save_membership(request, obj if change else Membership(), data, None if change else data["user"])
        adopt(obj, saved)
