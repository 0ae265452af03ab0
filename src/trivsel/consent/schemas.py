"""The API's shapes for consent: what a consent looks like, and what recording one takes."""

from __future__ import annotations

import datetime

from ninja import Field, Schema
from pydantic import model_validator

from trivsel.children.schemas import UnitRef
from trivsel.consent.models import Consent, ConsentRecipient, Method, Purpose, RecipientKind
from trivsel.consent.selectors import STATUS_LABELS, ConsentStatus, consent_status
from trivsel.organisation.models import Role

# Pydantic reads these annotations at run time: keep every name they use a real import.


class PersonRef(Schema):
    id: int
    name: str


class RecipientOut(Schema):
    kind: RecipientKind
    unit: UnitRef | None
    role: Role | None
    user: PersonRef | None

    @staticmethod
    def resolve_role(obj: ConsentRecipient) -> str | None:
        return obj.role or None

    @staticmethod
    def resolve_user(obj: ConsentRecipient) -> PersonRef | None:
        return PersonRef(id=obj.user.pk, name=str(obj.user)) if obj.user is not None else None


class ConsentOut(Schema):
    id: int
    purpose: Purpose
    purpose_label: str
    method: Method
    guardian: PersonRef
    recipients: list[RecipientOut]
    information: str
    valid_from: datetime.date
    valid_until: datetime.date
    given_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
    status: ConsentStatus = Field(description="active, pending (not yet in force), expired or withdrawn, as of today")
    status_label: str

    @staticmethod
    def resolve_purpose_label(obj: Consent) -> str:
        return str(obj.get_purpose_display())

    @staticmethod
    def resolve_guardian(obj: Consent) -> PersonRef:
        return PersonRef(id=obj.guardian.pk, name=obj.guardian.full_name)

    @staticmethod
    def resolve_recipients(obj: Consent) -> list[ConsentRecipient]:
        return list(obj.recipients.all())

    @staticmethod
    def resolve_status(obj: Consent) -> ConsentStatus:
        return consent_status(obj)

    @staticmethod
    def resolve_status_label(obj: Consent) -> str:
        return str(STATUS_LABELS[consent_status(obj)])


class RecipientIn(Schema):
    """Exactly one of: a unit, a role, or a named person (a user)."""

    unit_id: int | None = None
    role: Role | None = None
    user_id: int | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> RecipientIn:
        given = [value for value in (self.unit_id, self.role, self.user_id) if value is not None]
        if len(given) != 1:
            raise ValueError("Give exactly one of unit_id, role or user_id.")
        return self


class ConsentIn(Schema):
    """Staff record written or oral consent; a parent gives digital consent for their own child."""

    guardian_id: int
    purpose: Purpose
    method: Method
    information: str = Field("", max_length=2000)
    valid_from: datetime.date
    valid_until: datetime.date
    recipients: list[RecipientIn] = Field(max_length=50)
