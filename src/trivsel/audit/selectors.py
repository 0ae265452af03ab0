"""Reading the access log: the leader's report per child, and the parent's view of look-ups."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet

from trivsel.audit.models import AccessLog, Action, FieldChange
from trivsel.children.models import Child

# What a parent is shown: uses of the child's data, not searches or denied attempts.
PARENT_VISIBLE_ACTIONS = [Action.READ, Action.CREATE, Action.CHANGE, Action.EXPORT, Action.REVEAL_CPR, Action.DELETE]


def child_access_log(child: Child) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(child_id=child.pk).order_by("-at", "-id")


def child_access_log_for_parent(child: Child) -> QuerySet[AccessLog]:
    """Dates and purposes only (Datatilsynet 2024-32-0283): callers must not show who looked."""
    return (
        AccessLog.objects.filter(child_id=child.pk, action__in=PARENT_VISIBLE_ACTIONS)
        .exclude(role="guardian")
        .only("at", "action", "purpose")
        .order_by("-at", "-id")
    )


def child_field_history(child: Child) -> QuerySet[FieldChange]:
    """Old and new values of the child's data, newest first, with who changed them and when."""
    return FieldChange.objects.filter(child_id=child.pk).select_related("log").order_by("-log__at", "-log_id", "id")


def describe_change(change: FieldChange) -> tuple[str, str]:
    """Readable names for a change's object type and field ("child", "birth date")."""
    try:
        model = apps.get_model(change.object_type)
    except (LookupError, ValueError):
        return change.object_type, change.field
    try:
        field_name = str(model._meta.get_field(change.field).verbose_name)
    except FieldDoesNotExist:
        field_name = change.field  # e.g. "cpr", which is not a model field
    return str(model._meta.verbose_name), field_name
