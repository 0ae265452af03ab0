"""Every write of children's master data: create/update children, guardians, enrolments, grants."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import diff, log_access, log_change
from trivsel.children import cpr
from trivsel.children.access import Relation, can, relation_for
from trivsel.children.models import (
    Child,
    ChildAccessGrant,
    Enrolment,
    GrantSource,
    Guardian,
    GuardianRelation,
    Guardianship,
)
from trivsel.lib.time import today
from trivsel.organisation.models import Group, Unit

ADMIN_PURPOSE = "administration"


def _require_admin(actor: User) -> None:
    if not actor.is_administrator:
        raise PermissionDenied


def _validate_child(*, birth_date: datetime.date, cpr_number: str) -> str:
    """Return the normalised CPR ("" if none) or raise field errors in Danish."""
    errors: dict[str, str] = {}
    if birth_date > today():
        errors["birth_date"] = _("The birth date cannot be in the future.")
    number = ""
    if cpr_number.strip():
        try:
            number = cpr.normalise(cpr_number)
        except ValidationError as exc:
            errors["cpr"] = exc.messages[0]
        else:
            if cpr.birth_date_of(number) != birth_date:
                errors["cpr"] = _("The CPR number does not match the birth date.")
    if errors:
        raise ValidationError(errors)
    return number


def _set_cpr(child: Child, number: str) -> None:
    digest = cpr.digest(number) if number else ""
    if digest and Child.objects.filter(cpr_digest=digest).exclude(pk=child.pk).exists():
        raise ValidationError({"cpr": _("Another child is registered with this CPR number.")})
    child.cpr_digest = digest
    child.cpr_encrypted = cpr.encrypt(number) if number else ""


@transaction.atomic
def child_create(
    *, actor: User, first_name: str, last_name: str, birth_date: datetime.date, cpr_number: str = ""
) -> Child:
    _require_admin(actor)
    number = _validate_child(birth_date=birth_date, cpr_number=cpr_number)
    child = Child(first_name=first_name.strip(), last_name=last_name.strip(), birth_date=birth_date)
    _set_cpr(child, number)
    child.full_clean()
    child.save()
    changes: dict[str, tuple[object, object]] = {
        "first_name": (None, child.first_name),
        "last_name": (None, child.last_name),
        "birth_date": (None, child.birth_date),
    }
    if number:
        changes["cpr"] = (None, cpr.masked(number))
    log_change(actor=actor, action=Action.CREATE, obj=child, child_id=child.pk, changes=changes, purpose=ADMIN_PURPOSE)
    return child


@transaction.atomic
def child_update(
    *,
    actor: User,
    child: Child,
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    cpr_number: str | None = None,
) -> Child:
    """Change master data; ``cpr_number=None`` keeps the stored CPR, "" removes it."""
    _require_admin(actor)
    current = cpr.decrypt(child.cpr_encrypted) if child.cpr_encrypted else ""
    wanted = current if cpr_number is None else cpr_number
    number = _validate_child(birth_date=birth_date, cpr_number=wanted)
    changes = diff(child, {"first_name": first_name.strip(), "last_name": last_name.strip(), "birth_date": birth_date})
    for name, (_old, new) in changes.items():
        setattr(child, name, new)
    if number != current:
        _set_cpr(child, number)
        changes["cpr"] = (cpr.masked(current) if current else "", cpr.masked(number) if number else "")
    if changes:
        child.full_clean()
        child.save()
        log_change(
            actor=actor, action=Action.CHANGE, obj=child, child_id=child.pk, changes=changes, purpose=ADMIN_PURPOSE
        )
    return child


def child_reveal_cpr(*, actor: User, child: Child) -> str:
    """Show the full CPR number to a professional with a relation; every reveal is logged."""
    relation = relation_for(actor, child)
    if not child.cpr_encrypted or relation is None or not can(actor, "reveal_cpr", child):
        raise PermissionDenied
    log_access(actor=actor, action=Action.REVEAL_CPR, child_id=child.pk, obj=child, relation=relation)
    return cpr.formatted(cpr.decrypt(child.cpr_encrypted))


@transaction.atomic
def guardian_create(*, actor: User, first_name: str, last_name: str, email: str = "", phone: str = "") -> Guardian:
    _require_admin(actor)
    guardian = Guardian(first_name=first_name.strip(), last_name=last_name.strip(), email=email, phone=phone)
    guardian.full_clean()
    guardian.save()
    log_access(actor=actor, action=Action.CREATE, obj=guardian, purpose=ADMIN_PURPOSE)
    return guardian


@transaction.atomic
def guardianship_set(
    *, actor: User, child: Child, guardian: Guardian, relation: str = GuardianRelation.OTHER, has_custody: bool
) -> Guardianship:
    """Link a guardian to a child, or change whether the guardian holds custody."""
    _require_admin(actor)
    ship = Guardianship.objects.filter(child=child, guardian=guardian).first()
    if ship is None:
        ship = Guardianship(child=child, guardian=guardian, relation=relation, has_custody=has_custody)
        changes: dict[str, tuple[object, object]] = {
            "guardian": (None, guardian.pk),
            "has_custody": (None, has_custody),
        }
        action = Action.CREATE
    else:
        changes = diff(ship, {"relation": relation, "has_custody": has_custody})
        ship.relation, ship.has_custody = relation, has_custody
        action = Action.CHANGE
    ship.full_clean()
    ship.save()
    if changes:
        log_change(actor=actor, action=action, obj=ship, child_id=child.pk, changes=changes, purpose=ADMIN_PURPOSE)
    return ship


def _overlapping(
    child: Child, track: str, start: datetime.date, end: datetime.date | None, exclude_pk: int | None
) -> bool:
    others = Enrolment.objects.filter(child=child, track=track)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    others = others.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        others = others.filter(start__lte=end)
    return others.exists()


@transaction.atomic
def enrolment_save(
    *,
    actor: User,
    child: Child,
    unit: Unit,
    group: Group | None,
    start: datetime.date,
    end: datetime.date | None,
    enrolment: Enrolment | None = None,
) -> Enrolment:
    """Create or change an enrolment; one enrolment at a time per track (daycare, school …)."""
    _require_admin(actor)
    Child.objects.select_for_update().filter(pk=child.pk).first()  # serialise enrolments per child
    errors: dict[str, str] = {}
    if end is not None and end < start:
        errors["end"] = _("The end date must be on or after the start date.")
    if group is not None and group.unit_id != unit.pk:
        errors["group"] = _("The group must belong to the chosen unit.")
    if not errors and _overlapping(child, unit.track, start, end, enrolment.pk if enrolment else None):
        errors["start"] = _("The child is already enrolled in a unit of this kind in that period.")
    if errors:
        raise ValidationError(errors)
    values = {"unit": unit, "group": group, "start": start, "end": end, "track": unit.track}
    if enrolment is None:
        enrolment = Enrolment(child=child, **values)
        changes: dict[str, tuple[object, object]] = {k: (None, v) for k, v in values.items()}
        action = Action.CREATE
    else:
        changes = diff(enrolment, values)
        for name, (_old, new) in changes.items():
            setattr(enrolment, name, new)
        action = Action.CHANGE
    enrolment.full_clean()
    enrolment.save()
    if changes:
        log_change(actor=actor, action=action, obj=enrolment, child_id=child.pk, changes=changes, purpose=ADMIN_PURPOSE)
    return enrolment


@transaction.atomic
def access_grant_create(
    *,
    actor: User | None,
    child: Child,
    user: User,
    source: str,
    reason: str,
    ends_at: datetime.datetime,
    starts_at: datetime.datetime | None = None,
) -> ChildAccessGrant:
    """Give ``user`` time-limited access to ``child``; ``actor`` None means the system (a feature) grants it.

    A person may grant manually only as the child's leader.
    """
    if source == GrantSource.MANUAL and (actor is None or not can(actor, "view_access_report", child)):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the access.")})
    start = starts_at or timezone.now()
    if ends_at <= start:
        raise ValidationError({"ends_at": _("Access must end after it starts.")})
    grant = ChildAccessGrant.objects.create(
        child=child,
        user=user,
        source=source,
        reason=reason.strip(),
        granted_by=actor,
        starts_at=start,
        ends_at=ends_at,
    )
    relation: Relation | None = relation_for(actor, child) if actor else None
    log_access(
        actor=actor,
        action=Action.CREATE,
        obj=grant,
        child_id=child.pk,
        relation=relation,
        changed_fields=["user", "ends_at"],
        purpose=reason,
    )
    return grant


@transaction.atomic
def access_grant_revoke(*, actor: User, grant: ChildAccessGrant) -> ChildAccessGrant:
    if not can(actor, "view_access_report", grant.child):
        raise PermissionDenied
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    log_change(
        actor=actor,
        action=Action.CHANGE,
        obj=grant,
        child_id=grant.child_id,
        changes={"revoked_at": (None, grant.revoked_at.isoformat())},
    )
    return grant
