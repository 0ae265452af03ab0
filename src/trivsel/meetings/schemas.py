"""The API's shapes for meetings: an item shows the child only as the viewer may see it."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from trivsel.meetings.models import ForumKind, Sharing

# Pydantic reads these annotations at run time: keep every name they use a real import.


class MeetingOut(Schema):
    id: int
    title: str
    kind: ForumKind
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    chair: str | None


class ItemOut(Schema):
    id: int
    order: int
    name: str = Field(description="The child's full name, or only the first name when anonymous to the viewer")
    birth_date: datetime.date | None
    anonymous: bool
    child_id: int | None = Field(description="Only for a viewer who works with the child")
    sharing: Sharing
    problem: str


class MeetingDetailOut(MeetingOut):
    items: list[ItemOut]
