"""Admin pages for children's master data: children (with guardianships and enrolments) and guardians.

The same services as everywhere else do the writing (``children.services``), and the access log
records what the administrator saw: every child page opened is a READ, every search a SEARCH.
Children are never deleted here: a child leaves by ending its enrolments, and old records go
with the retention rules, not by hand.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import diff, log_access, log_change
from trivsel.children import cpr
from trivsel.children.access import children_administrable_by
from trivsel.children.forms import ChildAdminForm, EnrolmentInlineForm, EnrolmentInlineFormSet, GuardianshipInlineForm
from trivsel.children.models import Child, Enrolment, Guardian, Guardianship
from trivsel.children.services import (
    ADMIN_PURPOSE,
    child_create,
    child_update,
    enrolment_save,
    guardian_create,
    guardianship_set,
)
from trivsel.organisation.admin import (
    AnyInlineFormSet,
    AnyModelAdmin,
    AnyModelForm,
    AnyTabularInline,
    actor_of,
    adopt,
    mark_formset_saved,
)

_CPR = re.compile(r"^\d{6}-?\d{4}$")


class GuardianshipInline(AnyTabularInline):
    model = Guardianship
    form = GuardianshipInlineForm
    autocomplete_fields = ["guardian"]
    extra = 1
    # Custody is switched off rather than the link deleted, so that the history stays readable.
    can_delete = False


class EnrolmentInline(AnyTabularInline):
    model = Enrolment
    form = EnrolmentInlineForm
    formset = EnrolmentInlineFormSet  # type: ignore[assignment]  # stubs want the base form type
    fields = ["unit", "group", "start", "end", "track"]
    readonly_fields = ["track"]
    autocomplete_fields = ["unit", "group"]
    extra = 1
    # An enrolment ends (its end date) rather than disappears: access is decided by the periods.
    can_delete = False


@admin.register(Child)
class ChildAdmin(AnyModelAdmin):
    form = ChildAdminForm
    list_display = ["full_name", "birth_date", "cpr_registered"]
    search_fields = ["first_name", "last_name"]
    search_help_text = _("Name, or a whole CPR number.")
    inlines = [GuardianshipInline, EnrolmentInline]

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, child: Child) -> str:
        return child.full_name

    @admin.display(description=_("CPR number registered"), boolean=True)
    def cpr_registered(self, child: Child) -> bool:
        return child.has_cpr

    def get_queryset(self, request: HttpRequest) -> QuerySet[Child]:
        return children_administrable_by(actor_of(request))

    def get_fields(self, request: HttpRequest, obj: Child | None = None) -> tuple[str, ...]:
        fields = ("first_name", "last_name", "birth_date", "cpr")
        return (*fields, "remove_cpr") if obj is not None and obj.has_cpr else fields

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Child], search_term: str
    ) -> tuple[QuerySet[Child], bool]:
        term = search_term.strip()
        if not term:
            return super().get_search_results(request, queryset, search_term)
        # The criterion is logged (Datatilsynet), but anything like a CPR number only masked.
        criterion = cpr.mask_in_text(term)
        log_access(actor=actor_of(request), action=Action.SEARCH, search_criterion=criterion, purpose=ADMIN_PURPOSE)
        if _CPR.match(term):
            try:
                number = cpr.normalise(term)
            except ValidationError:
                return queryset.none(), False
            return queryset.filter(cpr_digest=cpr.digest(number)), False
        return super().get_search_results(request, queryset, search_term)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Child | None = None,
    ) -> HttpResponse:
        if change and obj is not None:
            # Showing a child's page is a read of its data, also when a save is sent back with errors.
            log_access(actor=actor_of(request), action=Action.READ, child_id=obj.pk, obj=obj, purpose=ADMIN_PURPOSE)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            # The forms check the services' rules first, so a service only refuses here when the data
            # changed in between, or when two rows were swapped in one save. The admin's transaction
            # has been rolled back: nothing is saved; the administrator is told and tries again.
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request: HttpRequest, obj: Child, form: AnyModelForm, change: bool) -> None:
        assert isinstance(form, ChildAdminForm)
        data = form.cleaned_data
        values = {"first_name": data["first_name"], "last_name": data["last_name"], "birth_date": data["birth_date"]}
        actor = actor_of(request)
        if change:
            # The form has already set the new values on ``obj``; the service compares with the stored row.
            stored = Child.objects.get(pk=obj.pk)
            child = child_update(actor=actor, child=stored, cpr_number=form.cpr_for_service(), **values)
        else:
            child = child_create(actor=actor, cpr_number=form.cpr_for_service() or "", **values)
        adopt(obj, child)
        obj.cpr_encrypted, obj.cpr_digest = child.cpr_encrypted, child.cpr_digest

    def save_formset(self, request: HttpRequest, form: AnyModelForm, formset: AnyInlineFormSet, change: bool) -> None:
        actor = actor_of(request)
        if formset.model is Enrolment:
            _save_enrolments(actor, formset)
        elif formset.model is Guardianship:
            _save_guardianships(actor, formset)
        else:  # pragma: no cover - every inline of this admin is handled above
            raise NotImplementedError(formset.model)


def _save_enrolments(actor: User, formset: AnyInlineFormSet) -> None:
    new: list[Model] = []
    changed: list[tuple[Model, list[str]]] = []
    # Changed rows come before new ones (the formset's order), so a shortened period makes room first.
    for row in formset.forms:
        if not row.has_changed():
            continue
        data = row.cleaned_data
        stored = Enrolment.objects.get(pk=row.instance.pk) if row.instance.pk is not None else None
        enrolment = enrolment_save(
            actor=actor,
            child=formset.instance,
            unit=data["unit"],
            group=data["group"],
            start=data["start"],
            end=data["end"],
            enrolment=stored,
        )
        if stored is None:
            new.append(enrolment)
        else:
            changed.append((enrolment, row.changed_data))
    mark_formset_saved(formset, new, changed)


def _save_guardianships(actor: User, formset: AnyInlineFormSet) -> None:
    new: list[Model] = []
    changed: list[tuple[Model, list[str]]] = []
    for row in formset.forms:
        if not row.has_changed():
            continue
        data = row.cleaned_data
        is_new = row.instance.pk is None
        ship = guardianship_set(
            actor=actor,
            child=formset.instance,
            guardian=data["guardian"],
            relation=data["relation"],
            has_custody=data["has_custody"],
        )
        if is_new:
            new.append(ship)
        else:
            changed.append((ship, row.changed_data))
    mark_formset_saved(formset, new, changed)


@admin.register(Guardian)
class GuardianAdmin(AnyModelAdmin):
    list_display = ["full_name", "email", "phone", "user"]
    list_select_related = ["user"]
    search_fields = ["first_name", "last_name", "email"]
    fields = ["first_name", "last_name", "email", "phone", "user"]
    autocomplete_fields = ["user"]

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, guardian: Guardian) -> str:
        return guardian.full_name

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Consents refer to the guardian; custody is ended on the child's page instead.
        return False

    def save_model(self, request: HttpRequest, obj: Guardian, form: AnyModelForm, change: bool) -> None:
        data = form.cleaned_data
        actor = actor_of(request)
        if change:
            saved = _guardian_update(actor, Guardian.objects.get(pk=obj.pk), data)
        else:
            fields = {name: data[name] for name in ("first_name", "last_name", "email", "phone")}
            saved = guardian_create(actor=actor, **fields)
            if data["user"] is not None:
                saved = _guardian_update(actor, saved, {"user": data["user"]})
        adopt(obj, saved)


@transaction.atomic
def _guardian_update(actor: User, guardian: Guardian, values: dict[str, Any]) -> Guardian:
    """Change a guardian and log each changed field; the login decides whose children the portal shows."""
    changes = diff(guardian, values)
    if not changes:
        return guardian
    for name, (_old, new) in changes.items():
        setattr(guardian, name, new)
    guardian.full_clean()
    guardian.save(update_fields=list(changes))
    log_change(actor=actor, action=Action.CHANGE, obj=guardian, child_id=None, changes=changes, purpose=ADMIN_PURPOSE)
    return guardian
