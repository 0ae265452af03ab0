"""Recording and withdrawing consent; both logged with their fields."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_change
from trivsel.children.access import can, relation_for
from trivsel.children.models import Child, Guardian, Guardianship
from trivsel.consent.models import Consent, ConsentRecipient, Method, Purpose, RecipientKind
from trivsel.organisation.models import Role, Unit


@dataclass(frozen=True)
class Recipient:
    """One recipient as chosen in a form or the API: exactly one of unit, role, user."""

    unit: Unit | None = None
    role: str = ""
    user: User | None = None

    @property
    def kind(self) -> str:
        if self.unit is not None:
            return RecipientKind.UNIT
        if self.role:
            return RecipientKind.ROLE
        return RecipientKind.USER


def _recipient_key(recipient: Recipient) -> str:
    """Ids, not names, for the change history: "unit:12", "role:leader", "user:7"."""
    if recipient.unit is not None:
        return f"unit:{recipient.unit.pk}"
    if recipient.role:
        return f"role:{recipient.role}"
    return f"user:{recipient.user.pk if recipient.user else ''}"


def _check_actor(actor: User, child: Child, guardian: Guardian, method: str) -> None:
    """Staff with a relation record written/oral consent; a custody holder gives digital consent."""
    if getattr(actor, "guardian", None) is not None:
        if actor.guardian != guardian or method != Method.DIGITAL or not can(actor, "give_consent", child):
            raise PermissionDenied
    elif not can(actor, "record_consent", child) or method == Method.DIGITAL:
        raise PermissionDenied


@transaction.atomic
def consent_record(
    *,
    actor: User,
    child: Child,
    guardian: Guardian,
    purpose: str,
    method: str,
    valid_from: datetime.date,
    valid_until: datetime.date,
    recipients: Sequence[Recipient],
    information: str = "",
) -> Consent:
    _check_actor(actor, child, guardian, method)
    errors: dict[str, str] = {}
    if purpose not in Purpose.values:
        errors["purpose"] = _("Choose a purpose.")
    if valid_until < valid_from:
        errors["valid_until"] = _("The consent cannot end before it starts.")
    if not recipients:
        errors["recipients"] = _("Choose at least one recipient: a unit, a role or a named person.")
    if any(r.role and r.role not in Role.values for r in recipients):
        errors["recipients"] = _("Choose a valid role.")
    # The table's constraint would refuse it too, but as an IntegrityError instead of a message.
    if any(sum((r.unit is not None, bool(r.role), r.user is not None)) != 1 for r in recipients):
        errors["recipients"] = _("Each recipient must be one unit, one role or one named person.")
    if not Guardianship.objects.filter(child=child, guardian=guardian, has_custody=True).exists():
        errors["guardian"] = _("Only a guardian with custody can give consent.")
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        child=child,
        guardian=guardian,
        purpose=purpose,
        method=method,
        information=information.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    ConsentRecipient.objects.bulk_create(
        ConsentRecipient(consent=consent, kind=r.kind, unit=r.unit, role=r.role, user=r.user) for r in recipients
    )
    log_change(
        actor=actor,
        action=Action.CREATE,
        obj=consent,
        child_id=child.pk,
        relation=relation_for(actor, child),
        purpose="consent",
        changes={
            "purpose": (None, purpose),
            "method": (None, method),
            "guardian": (None, guardian.pk),
            "valid_from": (None, valid_from),
            "valid_until": (None, valid_until),
            "recipients": (None, ", ".join(_recipient_key(r) for r in recipients)),
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent) -> Consent:
    """Withdraw from now on. The guardian who gave it, or staff with a relation noting it, may."""
    child = consent.child
    guardian = getattr(actor, "guardian", None)
    allowed = (
        consent.guardian_id == guardian.pk and can(actor, "give_consent", child)
        if guardian is not None
        else can(actor, "record_consent", child)
    )
    if not allowed:
        raise PermissionDenied
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    log_change(
        actor=actor,
        action=Action.CHANGE,
        obj=consent,
        child_id=child.pk,
        relation=relation_for(actor, child),
        purpose="consent",
        changes={"withdrawn_at": (None, consent.withdrawn_at.isoformat())},
    )
    return consent
