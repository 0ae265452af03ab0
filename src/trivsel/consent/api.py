"""Consent in the JSON API: reading, recording and withdrawing through the same services as the pages.

The service decides who may do what (staff with a relation: written/oral; a custody holder: digital,
for themselves). A refusal becomes the same 404 as a missing child, logged as DENIED.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from trivsel.accounts.models import User
from trivsel.children.api import PURPOSE, deny, request_user
from trivsel.children.models import Child, Guardian
from trivsel.children.schemas import READ_ERRORS, WRITE_ERRORS, FieldErrorsOut, field_errors
from trivsel.children.selectors import child_get
from trivsel.consent.models import Consent
from trivsel.consent.schemas import ConsentIn, ConsentOut, RecipientIn
from trivsel.consent.selectors import child_consents
from trivsel.consent.services import Recipient, consent_record, consent_withdraw
from trivsel.organisation.models import Unit

router = Router(tags=["consent"])

# The service names fields after the model; the API after the body.
FIELD_NAMES = {"guardian": "guardian_id"}


@router.get(
    "/{child_id}/consents",
    response={200: list[ConsentOut], **READ_ERRORS},
    summary="The child's consents with their status today",
)
def consents_list(request: HttpRequest, child_id: int) -> QuerySet[Consent]:
    child, _relation = child_get(user=request_user(request), child_id=child_id, purpose=PURPOSE)
    return child_consents(child)


@router.post(
    "/{child_id}/consents",
    response={201: ConsentOut, **WRITE_ERRORS},
    summary="Record a guardian's consent",
)
def consents_record(request: HttpRequest, child_id: int, payload: ConsentIn) -> Status[Consent | FieldErrorsOut]:
    user = request_user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose=PURPOSE)
    errors: dict[str, list[str]] = {}
    guardian = Guardian.objects.filter(pk=payload.guardian_id, guardianships__child=child).first()
    if guardian is None:
        errors["guardian_id"] = [_("Choose one of the child's guardians.")]
    recipients, recipient_errors = _recipients(payload.recipients)
    if recipient_errors:
        errors["recipients"] = recipient_errors
    if errors or guardian is None:
        return Status(422, FieldErrorsOut(detail="Validation failed", errors=errors))
    try:
        consent = consent_record(
            actor=user,
            child=child,
            guardian=guardian,
            purpose=payload.purpose,
            method=payload.method,
            information=payload.information,
            valid_from=payload.valid_from,
            valid_until=payload.valid_until,
            recipients=recipients,
        )
    except PermissionDenied:
        raise deny(user=user, child=child, purpose="consent") from None
    except ValidationError as exc:
        return Status(422, field_errors(exc, FIELD_NAMES))
    return Status(201, _fetch(child, consent.pk))


@router.post(
    "/{child_id}/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **WRITE_ERRORS},
    summary="Withdraw a consent from now on",
)
def consents_withdraw(request: HttpRequest, child_id: int, consent_id: int) -> Status[Consent | FieldErrorsOut]:
    user = request_user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose=PURPOSE)
    consent = Consent.objects.filter(pk=consent_id, child=child).select_related("child").first()
    if consent is None:
        raise deny(user=user, child=child, purpose="consent")
    try:
        consent_withdraw(actor=user, consent=consent)
    except PermissionDenied:
        raise deny(user=user, child=child, purpose="consent") from None
    except ValidationError as exc:
        return Status(422, field_errors(exc))
    return Status(200, _fetch(child, consent.pk))


def _fetch(child: Child, consent_id: int) -> Consent:
    """Read back through the selector, so the answer has the same shape (and prefetches) as the list."""
    return child_consents(child).get(pk=consent_id)


def _recipients(items: list[RecipientIn]) -> tuple[list[Recipient], list[str]]:
    """Turn ids into units and people; unknown or inactive ones are an error, not silently dropped."""
    units = Unit.objects.filter(is_active=True).in_bulk([i.unit_id for i in items if i.unit_id is not None])
    people = User.objects.filter(is_active=True, guardian__isnull=True).in_bulk(
        [i.user_id for i in items if i.user_id is not None]
    )
    recipients: list[Recipient] = []
    errors: list[str] = []
    for item in items:
        if item.unit_id is not None:
            unit = units.get(item.unit_id)
            if unit is None:
                errors.append(_("Choose a valid unit."))
            else:
                recipients.append(Recipient(unit=unit))
        elif item.user_id is not None:
            person = people.get(item.user_id)
            if person is None:
                errors.append(_("Choose a valid person."))
            else:
                recipients.append(Recipient(user=person))
        elif item.role is not None:
            recipients.append(Recipient(role=item.role))
    return recipients, errors
