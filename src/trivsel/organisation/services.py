"""Every write of the organisation: municipality, districts, units, groups and staff memberships.

Only administrators write here (the admin pages call these functions). Each write is validated
with the model's ``full_clean`` and logged with its field changes, because memberships decide who
may see which children, and the log must be able to say who gave a person access, and when.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import diff, log_change
from trivsel.organisation.models import UNIT_TRACK, District, Group, Membership, Municipality, Unit

ADMIN_PURPOSE = "administration"

M = TypeVar("M", bound=models.Model)


def _require_admin(actor: User) -> None:
    if not actor.is_administrator:
        raise PermissionDenied


def _create(*, actor: User, model: type[M], values: Mapping[str, object]) -> M:
    obj = model(**values)
    obj.full_clean()
    obj.save()
    changes = {name: (None, value) for name, value in values.items()}
    log_change(actor=actor, action=Action.CREATE, obj=obj, child_id=None, changes=changes, purpose=ADMIN_PURPOSE)
    return obj


def _update(*, actor: User, obj: M, values: Mapping[str, object]) -> M:
    """Change the stored row, whatever a form may already have set on ``obj``, and log the difference."""
    stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    changes = diff(stored, values)
    if not changes:
        return stored
    for name, (_old, new) in changes.items():
        setattr(stored, name, new)
    stored.full_clean()
    stored.save(update_fields=list(changes))
    log_change(actor=actor, action=Action.CHANGE, obj=stored, child_id=None, changes=changes, purpose=ADMIN_PURPOSE)
    return stored


@transaction.atomic
def municipality_create(*, actor: User, name: str, code: str = "") -> Municipality:
    _require_admin(actor)
    return _create(actor=actor, model=Municipality, values={"name": name.strip(), "code": code.strip()})


@transaction.atomic
def municipality_update(*, actor: User, municipality: Municipality, name: str, code: str) -> Municipality:
    _require_admin(actor)
    return _update(actor=actor, obj=municipality, values={"name": name.strip(), "code": code.strip()})


@transaction.atomic
def district_create(*, actor: User, municipality: Municipality, name: str) -> District:
    _require_admin(actor)
    return _create(actor=actor, model=District, values={"municipality": municipality, "name": name.strip()})


@transaction.atomic
def district_update(*, actor: User, district: District, municipality: Municipality, name: str) -> District:
    _require_admin(actor)
    return _update(actor=actor, obj=district, values={"municipality": municipality, "name": name.strip()})


def unit_kind_validate(*, unit: Unit | None, kind: str) -> None:
    """A unit with enrolments keeps its track: each enrolment copied the track from the unit's kind.

    A kindergarten may become an integrated daycare (both daycare), not a school.
    """
    if unit is None or unit.pk is None:
        return
    stored_kind = Unit.objects.filter(pk=unit.pk).values_list("kind", flat=True).first()
    if stored_kind is None or UNIT_TRACK[stored_kind] == UNIT_TRACK[kind]:
        return
    if unit.enrolments.exists():
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("Children are enrolled in this unit, so its kind cannot change to another track."),
                    code="unit_track_change",
                )
            }
        )


@transaction.atomic
def unit_create(*, actor: User, name: str, kind: str, district: District | None, is_active: bool = True) -> Unit:
    _require_admin(actor)
    values = {"name": name.strip(), "kind": kind, "district": district, "is_active": is_active}
    return _create(actor=actor, model=Unit, values=values)


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, name: str, kind: str, district: District | None, is_active: bool) -> Unit:
    _require_admin(actor)
    unit_kind_validate(unit=unit, kind=kind)
    values = {"name": name.strip(), "kind": kind, "district": district, "is_active": is_active}
    return _update(actor=actor, obj=unit, values=values)


@transaction.atomic
def group_create(*, actor: User, unit: Unit, name: str, is_active: bool = True) -> Group:
    _require_admin(actor)
    return _create(actor=actor, model=Group, values={"unit": unit, "name": name.strip(), "is_active": is_active})


@transaction.atomic
def group_update(*, actor: User, group: Group, name: str, is_active: bool) -> Group:
    """A group stays in its unit: its enrolments and memberships name that unit too."""
    _require_admin(actor)
    return _update(actor=actor, obj=group, values={"name": name.strip(), "is_active": is_active})


@transaction.atomic
def membership_create(
    *,
    actor: User,
    user: User,
    role: str,
    start: datetime.date,
    profession: str = "",
    unit: Unit | None = None,
    group: Group | None = None,
    district: District | None = None,
    end: datetime.date | None = None,
) -> Membership:
    """Give a person a role; Membership.clean says which places each role needs."""
    _require_admin(actor)
    values = {
        "user": user,
        "role": role,
        "profession": profession,
        "unit": unit,
        "group": group,
        "district": district,
        "start": start,
        "end": end,
    }
    return _create(actor=actor, model=Membership, values=values)


@transaction.atomic
def membership_update(
    *,
    actor: User,
    membership: Membership,
    role: str,
    start: datetime.date,
    profession: str = "",
    unit: Unit | None = None,
    group: Group | None = None,
    district: District | None = None,
    end: datetime.date | None = None,
) -> Membership:
    """Change a role or its period; ending a membership (``end``) is how a person leaves a unit."""
    _require_admin(actor)
    values = {
        "role": role,
        "profession": profession,
        "unit": unit,
        "group": group,
        "district": district,
        "start": start,
        "end": end,
    }
    return _update(actor=actor, obj=membership, values=values)
