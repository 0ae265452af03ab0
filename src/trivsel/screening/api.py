"""Screening in the JSON API: the user's rounds, a group's sheet, saving own and joint ratings.

The same selectors and services as the pages: a sheet logs one READ per child, a rating is logged
with its fields, and a round, group or child the user does not rate answers the same 404 as a
missing one (logged as DENIED for a child).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Router, Status

from trivsel.accounts.models import User
from trivsel.children.api import deny, request_user
from trivsel.children.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, GroupRef, field_errors
from trivsel.screening.models import NextStep, Rating, Screening, ScreeningRound
from trivsel.screening.schemas import (
    ChildRef,
    JointOut,
    PositionOut,
    RatingIn,
    RatingOut,
    RoundOut,
    SheetOut,
    SheetRowOut,
)
from trivsel.screening.selectors import PURPOSE, group_get, group_sheet, rated_child_get, round_get, rounds_for
from trivsel.screening.services import rating_save, screening_agree

router = Router(tags=["screening"])


def _rating(rating: Rating) -> RatingOut:
    return RatingOut(
        rater=str(rating.rater), position=rating.position.code, dimensions=rating.dimensions, comment=rating.comment
    )


def _joint(screening: Screening) -> JointOut:
    return JointOut(
        position=screening.position.code,
        dimensions=screening.dimensions,
        note=screening.note,
        next_step=NextStep(screening.next_step) if screening.next_step else None,
    )


@router.get(
    "/rounds", response={200: list[RoundOut], 401: ErrorOut}, summary="The rounds of the units the user rates in"
)
def screening_rounds(request: HttpRequest) -> list[ScreeningRound]:
    return list(rounds_for(request_user(request)))


@router.get(
    "/rounds/{round_id}/groups/{group_id}",
    response={200: SheetOut, **READ_ERRORS},
    summary="A group's sheet: every child with the user's own, everyone's and the joint rating",
)
def screening_sheet(request: HttpRequest, round_id: int, group_id: int) -> SheetOut:
    user = request_user(request)
    screening_round = round_get(user=user, round_id=round_id)
    group, relation = group_get(user=user, screening_round=screening_round, group_id=group_id)
    sheet = group_sheet(user=user, screening_round=screening_round, group=group, relation=relation)
    return SheetOut(
        round=RoundOut.from_orm(screening_round),
        group=GroupRef(id=group.pk, name=group.name),
        positions=[PositionOut.from_orm(p) for p in sheet.positions],
        rows=[
            SheetRowOut(
                child=ChildRef.from_orm(row.child),
                own=_rating(row.mine) if row.mine else None,
                ratings=[_rating(r) for r in row.ratings],
                joint=_joint(row.screening) if row.screening else None,
                disagreement=bool(row.disagreement),
            )
            for row in sheet.rows
        ],
    )


def _save(request: HttpRequest, round_id: int, child_id: int, payload: RatingIn, *, joint: bool) -> Status[object]:
    user: User = request_user(request)
    screening_round, child, _relation = rated_child_get(user=user, round_id=round_id, child_id=child_id)
    try:
        if joint:
            screening = screening_agree(
                actor=user, screening_round=screening_round, child=child, position_code=payload.position,
                dimensions=payload.dimensions, note=payload.text,
            )  # fmt: skip
            return Status(200, _joint(screening))
        rating = rating_save(
            actor=user, screening_round=screening_round, child=child, position_code=payload.position,
            dimensions=payload.dimensions, comment=payload.text,
        )  # fmt: skip
        return Status(200, _rating(rating))
    except PermissionDenied:
        raise deny(user=user, child=child, purpose=PURPOSE) from None
    except ValidationError as exc:
        return Status(422, field_errors(exc))


@router.put(
    "/rounds/{round_id}/children/{child_id}/rating",
    response={200: RatingOut, **WRITE_ERRORS},
    summary="Save the user's own rating of a child",
)
def screening_rate(request: HttpRequest, round_id: int, child_id: int, payload: RatingIn) -> Status[object]:
    return _save(request, round_id, child_id, payload, joint=False)


@router.put(
    "/rounds/{round_id}/children/{child_id}/joint",
    response={200: JointOut, **WRITE_ERRORS},
    summary="Save the joint rating agreed in the dialogue",
)
def screening_agree_joint(request: HttpRequest, round_id: int, child_id: int, payload: RatingIn) -> Status[object]:
    return _save(request, round_id, child_id, payload, joint=True)
