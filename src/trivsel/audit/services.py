"""Writing the access log. Called by selectors (reads) and services (writes), never by signals."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db import connection, models, transaction
from django.utils import timezone

from trivsel.audit.context import current_path
from trivsel.audit.models import AccessLog, Action, FieldChange

if TYPE_CHECKING:
    from trivsel.accounts.models import User
    from trivsel.children.access import Relation


def log_access(
    *,
    actor: User | AnonymousUser | None,
    action: Action,
    child_id: int | None = None,
    obj: models.Model | None = None,
    relation: Relation | None = None,
    purpose: str = "",
    search_criterion: str = "",
    changed_fields: Iterable[str] = (),
    status: int = 200,
) -> AccessLog:
    """Append one row; the sensitive text itself never goes in, only names and ids."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AccessLog.objects.create(
        at=timezone.now(),
        user_id=user.pk if user else None,
        username=user.get_username() if user else "",
        role=relation.role if relation else "",
        unit_id=relation.unit_id if relation else None,
        child_id=child_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        purpose=(purpose or (relation.reason if relation else ""))[:200],
        search_criterion=search_criterion[:200],
        changed_fields=sorted(changed_fields),
        path=current_path(),
        status=status,
    )


def log_reads(
    *, actor: User, child_ids: Iterable[int], relation: Relation, purpose: str, page: models.Model | None = None
) -> None:
    """One READ row per child shown on a page of many children (a group's screening sheet), in one query.

    ``page`` (e.g. the unit of an overview) adds a row for the page itself, so that its reading is
    logged even when it names no child.
    """
    common = {
        "at": timezone.now(),
        "user_id": actor.pk,
        "username": actor.get_username(),
        "role": relation.role,
        "unit_id": relation.unit_id,
        "action": Action.READ,
        "purpose": purpose[:200],
        "path": current_path(),
        "status": 200,
    }
    rows = [AccessLog(**common, child_id=c, object_type="children.child", object_id=c) for c in child_ids]
    if page is not None:
        rows.append(AccessLog(**common, object_type=page._meta.label_lower, object_id=page.pk))
    AccessLog.objects.bulk_create(rows)


def log_object_reads(*, actor: User, objects: Iterable[models.Model], purpose: str) -> None:
    """One READ row per object of a child shown on a page (e.g. a meeting's agenda items), in one query.

    Each object has a ``child_id``; the relation differs from child to child, so it is not recorded here.
    """
    common = {"at": timezone.now(), "user_id": actor.pk, "username": actor.get_username(), "action": Action.READ}
    rows = [
        AccessLog(
            **common,
            child_id=getattr(obj, "child_id", None),
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            purpose=purpose[:200],
            path=current_path(),
            status=200,
        )
        for obj in objects
    ]
    AccessLog.objects.bulk_create(rows)


def log_change(
    *,
    actor: User,
    action: Action,
    obj: models.Model,
    child_id: int | None,
    changes: Mapping[str, tuple[object, object]],
    relation: Relation | None = None,
    purpose: str = "",
) -> AccessLog:
    """Log a create/change/delete with its field-level history (old and new values)."""
    with transaction.atomic():
        entry = log_access(
            actor=actor,
            action=action,
            child_id=child_id,
            obj=obj,
            relation=relation,
            purpose=purpose,
            changed_fields=changes.keys(),
        )
        FieldChange.objects.bulk_create(
            FieldChange(
                log=entry,
                child_id=child_id,
                object_type=obj._meta.label_lower,
                object_id=obj.pk or 0,
                field=name,
                old_value=_text(old),
                new_value=_text(new),
            )
            for name, (old, new) in changes.items()
        )
    return entry


def diff(instance: models.Model, values: Mapping[str, object]) -> dict[str, tuple[object, object]]:
    """The fields whose value would change, as {name: (old, new)}."""
    changes: dict[str, tuple[object, object]] = {}
    for name, new in values.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = (old, new)
    return changes


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def access_log_purge(*, before: datetime.datetime) -> tuple[int, int]:
    """Delete log rows (and their field changes) older than ``before``; return both counts.

    The only deletion the append-only trigger lets through: ``trivsel.purge`` is switched on for
    this transaction alone, and switched off again before it ends, because inside an outer
    transaction (a caller's, or a test's) ``SET LOCAL`` would otherwise last until that one ends.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL trivsel.purge = 'on'")
        old_logs = AccessLog.objects.filter(at__lt=before)
        changes_deleted, _per_model = FieldChange.objects.filter(log_id__in=old_logs.values("id")).delete()
        logs_deleted, _per_model = old_logs.delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL trivsel.purge = 'off'")
    return logs_deleted, changes_deleted
