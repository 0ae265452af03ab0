"""Reading screenings: a user's rounds, a group's rating sheet, disagreements, a child's history.

Every sheet is read through ``screening.access`` and logs one READ per child shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access, log_reads
from trivsel.children.access import Relation, children_visible_to, current_enrolments
from trivsel.children.models import Child
from trivsel.children.selectors import child_get
from trivsel.lib.time import age_on, today
from trivsel.organisation.models import Group
from trivsel.screening.access import group_relation, rateable_groups, screening_units, works_in_unit
from trivsel.screening.models import Dimension, Position, Rating, Screening, ScreeningRound

PURPOSE = "screening"


@dataclass(frozen=True)
class Disagreement:
    """Where the raters' own ratings of a child differ: the position, and which dimensions."""

    positions: bool
    dimensions: tuple[str, ...]
    spread: int  # worst minus best position order among the raters

    def __bool__(self) -> bool:
        return self.positions or bool(self.dimensions)


def disagreement(ratings: Sequence[Rating]) -> Disagreement:
    orders = {r.position.order for r in ratings}
    codes = sorted({code for r in ratings for code in r.dimensions})
    differing = tuple(code for code in codes if len({r.dimensions.get(code) for r in ratings}) > 1)
    return Disagreement(
        positions=len(orders) > 1, dimensions=differing, spread=max(orders) - min(orders) if orders else 0
    )


def suggested_position(ratings: Sequence[Rating]) -> Position | None:
    """The position every rater chose, as the joint rating's starting point; None if they differ."""
    positions = {r.position_id: r.position for r in ratings}
    return next(iter(positions.values())) if len(positions) == 1 else None


@dataclass
class SheetRow:
    child: Child
    age: int
    mine: Rating | None = None
    ratings: list[Rating] = field(default_factory=list)
    screening: Screening | None = None
    dimension_names: dict[str, str] = field(default_factory=dict)

    @property
    def disagreement(self) -> Disagreement:
        return disagreement(self.ratings)

    @property
    def disagreeing_dimensions(self) -> list[str]:
        return [self.dimension_names.get(code, code) for code in self.disagreement.dimensions]

    @property
    def suggestion(self) -> Position | None:
        return suggested_position(self.ratings)

    @property
    def needs_next_step(self) -> bool:
        return self.screening is not None and self.screening.position.needs_next_step and not self.screening.next_step


@dataclass(frozen=True)
class Sheet:
    round: ScreeningRound
    group: Group
    relation: Relation
    positions: list[Position]
    dimensions: list[Dimension]
    rows: list[SheetRow]

    @property
    def rated_by_me(self) -> int:
        return sum(1 for r in self.rows if r.mine is not None)

    @property
    def agreed(self) -> int:
        return sum(1 for r in self.rows if r.screening is not None)

    @property
    def disagreements(self) -> int:
        return sum(1 for r in self.rows if r.disagreement)


def round_get(*, user: User, round_id: int) -> ScreeningRound:
    """The round, for the people who work in its unit; the same 404 whether missing or forbidden."""
    screening_round = ScreeningRound.objects.select_related("unit", "scale").filter(pk=round_id).first()
    if screening_round is None or not works_in_unit(user, screening_round.unit_id):
        raise Http404
    return screening_round


def group_get(*, user: User, screening_round: ScreeningRound, group_id: int) -> tuple[Group, Relation]:
    group = Group.objects.select_related("unit").filter(pk=group_id, unit_id=screening_round.unit_id).first()
    relation = group_relation(user, group) if group is not None else None
    if group is None or relation is None:
        raise Http404
    return group, relation


def _sheet_children(user: User, screening_round: ScreeningRound, group: Group) -> list[Child]:
    if screening_round.is_open:
        members = Q(pk__in=current_enrolments().filter(group=group).values("child_id"))
    else:  # a closed round shows whom it rated in this group
        members = Q(pk__in=Screening.objects.filter(round=screening_round, group=group).values("child_id"))
    return list(children_visible_to(user).filter(members).order_by("first_name", "last_name", "id"))


def group_sheet(*, user: User, screening_round: ScreeningRound, group: Group, relation: Relation) -> Sheet:
    """Every child of the group with the user's own rating, all raters' ratings and the joint rating."""
    day = today()
    children = _sheet_children(user, screening_round, group)
    dimensions = list(screening_round.scale.dimensions.order_by("order")) if screening_round.per_dimension else []
    names = {d.code: d.name for d in dimensions}
    rows = {c.pk: SheetRow(child=c, age=age_on(c.birth_date, day), dimension_names=names) for c in children}
    ratings = (
        Rating.objects.filter(round=screening_round, child_id__in=rows)
        .select_related("position", "rater")
        .order_by("rater__first_name", "rater__last_name", "rater_id")
    )
    for rating in ratings:
        row = rows[rating.child_id]
        row.ratings.append(rating)
        if rating.rater_id == user.pk:
            row.mine = rating
    for screening in Screening.objects.filter(round=screening_round, child_id__in=rows).select_related("position"):
        rows[screening.child_id].screening = screening
    log_reads(actor=user, child_ids=list(rows), relation=relation, purpose=PURPOSE)
    return Sheet(
        round=screening_round,
        group=group,
        relation=relation,
        positions=list(screening_round.scale.positions.order_by("order")),
        dimensions=dimensions,
        rows=list(rows.values()),
    )


def sheet_row(*, user: User, screening_round: ScreeningRound, child: Child) -> SheetRow:
    """One child's row after a save, for htmx to swap in (the caller has checked access)."""
    ratings = list(
        Rating.objects.filter(round=screening_round, child=child)
        .select_related("position", "rater")
        .order_by("rater__first_name", "rater__last_name", "rater_id")
    )
    return SheetRow(
        child=child,
        age=age_on(child.birth_date, today()),
        mine=next((r for r in ratings if r.rater_id == user.pk), None),
        ratings=ratings,
        screening=Screening.objects.filter(round=screening_round, child=child).select_related("position").first(),
    )


def sheet_child(*, user: User, screening_round: ScreeningRound, child_id: int) -> tuple[Child, Relation]:
    """A child the user rates in this round (current group in the round's unit), or 404."""
    enrolment = (
        current_enrolments()
        .filter(child_id=child_id, unit_id=screening_round.unit_id, group__isnull=False)
        .select_related("group", "child")
        .first()
    )
    relation = group_relation(user, enrolment.group) if enrolment is not None and enrolment.group else None
    if enrolment is None or relation is None:
        raise Http404
    return enrolment.child, relation


def rated_child_get(*, user: User, round_id: int, child_id: int) -> tuple[ScreeningRound, Child, Relation]:
    """The child, read and logged through the access policy, in a round the user rates it in.

    Anything else — a missing or forbidden child, round or group — is the same 404, and an attempt
    on a child the user can see is logged as DENIED.
    """
    child, relation = child_get(
        user=user, child_id=child_id, purpose=PURPOSE, rule="view_child_details", denied_status=404
    )
    try:
        screening_round = round_get(user=user, round_id=round_id)
        child, rating_relation = sheet_child(user=user, screening_round=screening_round, child_id=child.pk)
    except Http404:
        log_access(
            actor=user,
            action=Action.DENIED,
            child_id=child.pk,
            obj=child,
            relation=relation,
            purpose=PURPOSE,
            status=404,
        )
        raise
    return screening_round, child, rating_relation


@dataclass(frozen=True)
class GroupProgress:
    group: Group
    children: int
    rated_by_me: int
    agreed: int
    missing_next_step: int


def round_progress(*, user: User, screening_round: ScreeningRound) -> list[GroupProgress]:
    """For each group the user rates: how many children, rated by the user, agreed, lacking a next step."""
    groups = list(rateable_groups(user, screening_round.unit))
    in_round = Screening.objects.filter(round=screening_round, child_id=OuterRef("child_id"))
    members: QuerySet[Any, Any]
    if screening_round.is_open:
        members = current_enrolments().filter(group__in=groups).values("group_id", "child_id")
    else:
        members = Screening.objects.filter(round=screening_round, group__in=groups).values("group_id", "child_id")
    counts = (
        members.annotate(
            mine=Exists(Rating.objects.filter(round=screening_round, rater=user, child_id=OuterRef("child_id"))),
            agreed=Exists(in_round),
            missing=Exists(in_round.filter(position__needs_next_step=True, next_step="")),
        )
        .order_by()
        .values("group_id")
        .annotate(
            children=Count("child_id"),
            n_mine=Count("child_id", filter=Q(mine=True)),
            n_agreed=Count("child_id", filter=Q(agreed=True)),
            n_missing=Count("child_id", filter=Q(missing=True)),
        )
    )
    by_group = {c["group_id"]: c for c in counts}
    empty = {"children": 0, "n_mine": 0, "n_agreed": 0, "n_missing": 0}
    return [
        GroupProgress(
            group=g,
            children=by_group.get(g.pk, empty)["children"],
            rated_by_me=by_group.get(g.pk, empty)["n_mine"],
            agreed=by_group.get(g.pk, empty)["n_agreed"],
            missing_next_step=by_group.get(g.pk, empty)["n_missing"],
        )
        for g in groups
    ]


def rounds_for(user: User) -> QuerySet[ScreeningRound]:
    """The rounds of the units the user works in, open ones first, newest first."""
    return (
        ScreeningRound.objects.filter(unit__in=screening_units(user))
        .select_related("unit")
        .order_by(F("closed_at").desc(nulls_first=True), "-opened_on", "-id")
    )


def is_overdue(screening_round: ScreeningRound, on: datetime.date | None = None) -> bool:
    return screening_round.is_open and screening_round.deadline < (on or today())


def child_position_history(child: Child) -> list[Screening]:
    """The child's joint ratings, oldest first, for the timeline on the child's page."""
    return list(
        Screening.objects.filter(child=child)
        .select_related("round__unit", "position")
        .order_by("round__opened_on", "round_id")
    )
