"""The API's shapes for screening: rounds, a group's sheet, and saving a rating."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from trivsel.children.schemas import GroupRef, UnitRef
from trivsel.screening.models import Colour, NextStep

# Pydantic reads these annotations at run time: keep every name they use a real import.


class PositionOut(Schema):
    code: str
    name: str
    colour: Colour
    order: int = Field(description="1 is the best position")
    needs_next_step: bool


class RoundOut(Schema):
    id: int
    name: str
    unit: UnitRef
    opened_on: datetime.date
    deadline: datetime.date
    closed_at: datetime.datetime | None
    per_dimension: bool


class ChildRef(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: datetime.date


class RatingOut(Schema):
    rater: str
    position: str = Field(description="The position's code")
    dimensions: dict[str, str]
    comment: str


class JointOut(Schema):
    position: str
    dimensions: dict[str, str]
    note: str
    next_step: NextStep | None


class SheetRowOut(Schema):
    child: ChildRef
    own: RatingOut | None = Field(description="The signed-in user's own rating")
    ratings: list[RatingOut] = Field(description="Every rater's own rating")
    joint: JointOut | None
    disagreement: bool


class SheetOut(Schema):
    round: RoundOut
    group: GroupRef
    positions: list[PositionOut]
    rows: list[SheetRowOut]


class RatingIn(Schema):
    position: str = Field(description="A position code of the round's scale")
    dimensions: dict[str, str] = Field(default_factory=dict, description="{dimension code: position code}")
    text: str = Field("", max_length=2000, description="A comment (own rating) or the dialogue's note (joint)")
