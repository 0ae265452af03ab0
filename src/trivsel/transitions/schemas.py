"""The API's shapes for transitions: a handover is its frozen content, as the parents approved it."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from trivsel.transitions.models import Kind, Status

# Pydantic reads these annotations at run time: keep every name they use a real import.


class TransitionOut(Schema):
    id: int
    child_id: int
    name: str
    kind: Kind
    from_unit: str
    to_unit: str
    moves_on: datetime.date
    status: Status


class HandoverOut(Schema):
    transition: TransitionOut
    side: str = Field(description='"sender" or "receiver"')
    content: dict[str, Any] | None = Field(
        description="What was sent to the parents (with their view once approved); null while being written, "
        "or for the receiver once the parents' consent no longer holds"
    )
