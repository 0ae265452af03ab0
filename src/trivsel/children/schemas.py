"""The API's shapes for children, guardians and enrolments, and the error bodies every router shares."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from ninja import Schema
from pydantic import computed_field

from trivsel.children.models import Enrolment, Guardianship
from trivsel.lib.time import age_on, today

# Pydantic builds the OpenAPI schema from these annotations at run time, so every name they use
# (datetime included) must stay a real import: no TYPE_CHECKING blocks in this module.


class ErrorOut(Schema):
    """401, 403 (CSRF) and 404. A 404 body is the same whether the record is missing or forbidden."""

    detail: str


class FieldErrorsOut(Schema):
    """422: messages per body field; ``__all__`` holds errors that belong to no single field."""

    detail: str
    errors: dict[str, list[str]]


def field_errors(exc: ValidationError, rename: Mapping[str, str] | None = None) -> FieldErrorsOut:
    """A service's ValidationError as a 422 body, its field names renamed to the API's (e.g. guardian → guardian_id)."""
    names = rename or {}
    raw = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    return FieldErrorsOut(
        detail="Validation failed", errors={names.get(field, field): list(msgs) for field, msgs in raw.items()}
    )


# The error answers each kind of endpoint documents, beside its 200/201.
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


class UnitRef(Schema):
    id: int
    name: str


class GroupRef(Schema):
    id: int
    name: str


class CurrentEnrolmentOut(Schema):
    """Where the child is today: the unit and, usually, the group."""

    unit: UnitRef
    group: GroupRef | None
    track: str
    start: datetime.date


class ChildOut(Schema):
    """A child in a list: never the CPR number."""

    id: int
    first_name: str
    last_name: str
    birth_date: datetime.date
    # Filled by the selector's prefetch (to_attr), so a page of children costs one query, not one per child.
    current_enrolments: list[CurrentEnrolmentOut]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def age(self) -> int:
        return age_on(self.birth_date, today())


class ChildDetailOut(ChildOut):
    """One child, and why the user may see it: "group", "unit", "grant" or "custody"."""

    relation: str
    has_cpr: bool


class GuardianOut(Schema):
    id: int
    first_name: str
    last_name: str
    relation: str
    has_custody: bool
    email: str
    phone: str

    @staticmethod
    def resolve_id(obj: Guardianship) -> int:
        return obj.guardian_id

    @staticmethod
    def resolve_first_name(obj: Guardianship) -> str:
        return obj.guardian.first_name

    @staticmethod
    def resolve_last_name(obj: Guardianship) -> str:
        return obj.guardian.last_name

    @staticmethod
    def resolve_email(obj: Guardianship) -> str:
        return obj.guardian.email

    @staticmethod
    def resolve_phone(obj: Guardianship) -> str:
        return obj.guardian.phone


class EnrolmentOut(Schema):
    id: int
    unit: UnitRef
    group: GroupRef | None
    track: str
    start: datetime.date
    end: datetime.date | None
    is_current: bool

    @staticmethod
    def resolve_is_current(obj: Enrolment) -> bool:
        day = today()
        return obj.start <= day and (obj.end is None or obj.end >= day)
