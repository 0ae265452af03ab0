"""Every write of children's master data: create/update children, guardians, enrolments, grants."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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


def child_validate(*, birth_date: datetime.date, cpr_number: str, child: Child | None = None) -> str:
    """Return the normalised CPR ("" if none) or raise field errors; forms call it too, to show them.

    ``child`` is the child being changed, so that its own CPR does not count as a duplicate.
    """
    errors: dict[str, ValidationError] = {}
    if birth_date > today():
        errors["birth_date"] = ValidationError(_("The birth date cannot be in the future."), code="future_birth_date")
    number = ""
    if cpr_number.strip():
        try:
            number = cpr.normalise(cpr_number)
        except ValidationError as exc:
            errors["cpr"] = exc
        else:
            if cpr.birth_date_of(number) != birth_date:
                errors["cpr"] = ValidationError(
                    _("The CPR number does not match the birth date."), code="cpr_birth_date_mismatch"
                )
            elif _cpr_taken(number, child):
                errors["cpr"] = _duplicate_cpr_error()
    if errors:
        raise ValidationError(errors)
    return number


def _cpr_taken(number: str, child: Child | None) -> bool:
    others = Child.objects.filter(cpr_digest=cpr.digest(number))
    if child is not None and child.pk is not None:
        others = others.exclude(pk=child.pk)
    return others.exists()


def _duplicate_cpr_error() -> ValidationError:
    return ValidationError(_("Another child is registered with this CPR number."), code="duplicate_cpr")


def _set_cpr(child: Child, number: str) -> None:
    # Checked again here, under the transaction, for a child saved since the form was validated.
    if number and _cpr_taken(number, child):
        raise ValidationError({"cpr": _duplicate_cpr_error()})
    child.cpr_digest = cpr.digest(number) if number else ""
    child.cpr_encrypted = cpr.encrypt(number) if number else ""


@transaction.atomic
def child_create(
    *, actor: User, first_name: str, last_name: str, birth_date: datetime.date, cpr_number: str = ""
) -> Child:
    _require_admin(actor)
    number = child_validate(birth_date=birth_date, cpr_number=cpr_number)
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
    number = child_validate(birth_date=birth_date, cpr_number=wanted, child=child)
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
    log_access(
        actor=actor, action=Action.REVEAL_CPR, child_id=child.pk, obj=child, relation=relation, purpose="reveal_cpr"
    )
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


@dataclass(frozen=True)
class EnrolmentPeriod:
    """An enrolment as the overlap rule sees it: a track and a period (both days included)."""

    track: str
    start: datetime.date
    end: datetime.date | None

    def overlaps(self, other: EnrolmentPeriod) -> bool:
        if self.track != other.track:
            return False
        return (other.end is None or other.end >= self.start) and (self.end is None or self.end >= other.start)


def enrolment_periods(child: Child | None, *, exclude_pk: int | None = None) -> list[EnrolmentPeriod]:
    """The child's stored enrolments (none for a child not yet saved), optionally without one of them."""
    if child is None or child.pk is None:
        return []
    stored = Enrolment.objects.filter(child=child)
    if exclude_pk is not None:
        stored = stored.exclude(pk=exclude_pk)
    return [EnrolmentPeriod(track, start, end) for track, start, end in stored.values_list("track", "start", "end")]


def enrolment_validate(
    *,
    unit: Unit,
    group: Group | None,
    start: datetime.date,
    end: datetime.date | None,
    others: Iterable[EnrolmentPeriod],
) -> None:
    """Raise field errors unless the enrolment fits beside ``others`` (the child's other enrolments).

    One enrolment at a time per track: two kindergartens at once is refused, school and SFO
    (different tracks) may overlap. A period ending 31 July and one starting 1 August do not overlap.
    Forms call this with the enrolments as they will be after the save, the service with those stored.
    """
    errors: dict[str, ValidationError] = {}
    if end is not None and end < start:
        errors["end"] = ValidationError(_("The end date must be on or after the start date."), code="end_before_start")
    if group is not None and group.unit_id != unit.pk:
        errors["group"] = ValidationError(_("The group must belong to the chosen unit."), code="group_not_in_unit")
    if not errors:
        period = EnrolmentPeriod(unit.track, start, end)
        if any(period.overlaps(other) for other in others):
            errors["start"] = ValidationError(
                _("The child is already enrolled in a unit of this kind in that period."), code="enrolment_overlap"
            )
    if errors:
        raise ValidationError(errors)


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
    others = enrolment_periods(child, exclude_pk=enrolment.pk if enrolment else None)
    enrolment_validate(unit=unit, group=group, start=start, end=end, others=others)
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
    if getattr(user, "guardian", None) is not None or not user.is_active:
        raise ValidationError({"user": _("Access can only be given to an active professional.")})
    start = starts_at or timezone.now()
    if ends_at <= start:
        raise ValidationError({"ends_at": _("Access must end after it starts.")})
    if source == GrantSource.MANUAL and ends_at - start > datetime.timedelta(days=settings.MANUAL_GRANT_MAX_DAYS):
        message = _("Access given by a leader may last at most %(days)d days.")
        raise ValidationError({"ends_at": message % {"days": settings.MANUAL_GRANT_MAX_DAYS}})
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
        purpose=grant.reason,
    )
    return grant


@transaction.atomic
def access_grant_revoke(*, actor: User, grant: ChildAccessGrant) -> ChildAccessGrant:
    if not can(actor, "view_access_report", grant.child):
        raise PermissionDenied
    if grant.revoked_at is not None:
        return grant  # already revoked: the first time stays, as the log says
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    log_change(
        actor=actor,
        action=Action.CHANGE,
        obj=grant,
        child_id=grant.child_id,
        relation=relation_for(actor, grant.child),
        changes={"revoked_at": (None, grant.revoked_at.isoformat())},
    )
    return grant
