"""The unit and district overviews of screening rounds: counts, shares, Stay Green, follow-up lists.

Counts are done in the database (one GROUP BY per table), so the number of queries does not grow
with the number of children. Every count aggregates more than one group, so 1–4 is shown as "<5"
with complementary suppression (``lib.suppression``). The unit's leader also gets the named
lists they must act on; the district overview names no child.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access, log_reads
from trivsel.children.access import Relation, current_enrolments
from trivsel.lib.suppression import Cell, SuppressedTable, share, suppress_table
from trivsel.lib.time import today
from trivsel.organisation.models import District, Group, Role, Unit
from trivsel.screening.models import Position, Screening, ScreeningRound
from trivsel.screening.selectors import is_overdue

PURPOSE = "screening_overview"
BEST = 1  # Position.order of the best position ("green"): Stay Green counts it


@dataclass(frozen=True)
class StayGreen:
    were_green: Cell
    stayed: Cell
    share: str


@dataclass(frozen=True)
class PositionTable:
    """Rows (groups or units) × the scale's positions and, for open rounds, "not rated"."""

    labels: list[str]
    positions: list[Position]
    with_unrated: bool
    table: SuppressedTable

    @property
    def shares(self) -> list[str]:
        return [share(cell, self.table.total) for cell in self.table.column_totals]

    def rows(self) -> list[tuple[str, list[Cell], Cell]]:
        return list(zip(self.labels, self.table.cells, self.table.row_totals, strict=True))


@dataclass(frozen=True)
class Change:
    screening: Screening
    before: Position


@dataclass(frozen=True)
class UnitOverview:
    unit: Unit
    round: ScreeningRound
    rounds: list[ScreeningRound]
    positions: PositionTable
    stay_green: StayGreen | None
    worsened: list[Change]
    missing_next_step: list[Screening]
    overdue: bool


def previous_position_order() -> Subquery:
    """The child's position (order) in the previous round of the same unit."""
    return Subquery(
        Screening.objects.filter(round_id=OuterRef("round__previous_id"), child_id=OuterRef("child_id")).values(
            "position__order"
        )[:1],
        output_field=IntegerField(),
    )


def _stay_green(were: int, stayed: int) -> StayGreen:
    table = suppress_table([[stayed, were - stayed]])
    return StayGreen(were_green=table.total, stayed=table.cells[0][0], share=share(table.cells[0][0], table.total))


def _position_table(
    labels: list[str],
    keys: list[int],
    positions: list[Position],
    counts: dict[tuple[int, int], int],
    unrated: dict[int, int] | None,
) -> PositionTable:
    matrix = [
        [counts.get((key, p.pk), 0) for p in positions] + ([unrated.get(key, 0)] if unrated is not None else [])
        for key in keys
    ]
    return PositionTable(
        labels=labels, positions=positions, with_unrated=unrated is not None, table=suppress_table(matrix)
    )


def unit_overview(*, user: User, unit: Unit, screening_round: ScreeningRound) -> UnitOverview:
    """The round's counts by group and position, Stay Green, worsened children and missing next steps."""
    in_round = Screening.objects.filter(round=screening_round)
    groups = list(
        Group.objects.filter(Q(pk__in=in_round.values("group_id")) | Q(unit=unit, is_active=True)).order_by("name")
    )
    counts = {
        (c["group_id"], c["position_id"]): c["n"]
        for c in in_round.values("group_id", "position_id").annotate(n=Count("id")).order_by()
    }
    unrated = None
    if screening_round.is_open:
        enrolled = (
            current_enrolments()
            .filter(unit=unit, group__isnull=False)
            .exclude(child_id__in=in_round.values("child_id"))
        )
        unrated = {c["group_id"]: c["n"] for c in enrolled.values("group_id").annotate(n=Count("child_id")).order_by()}
    positions = list(screening_round.scale.positions.order_by("order"))
    with_previous = in_round.annotate(before=previous_position_order())
    green = with_previous.aggregate(
        were=Count("id", filter=Q(before=BEST)), stayed=Count("id", filter=Q(before=BEST, position__order=BEST))
    )
    worsened_rows = list(
        with_previous.filter(before__isnull=False, position__order__gt=F("before"))
        .select_related("child", "position", "group")
        .order_by("child__first_name", "child__last_name", "child_id")
    )
    by_order = {p.order: p for p in positions}
    worsened = [Change(s, by_order[s.before]) for s in worsened_rows if s.before in by_order]
    missing = list(
        in_round.filter(position__needs_next_step=True, next_step="")
        .select_related("child", "position", "group", "round")
        .order_by("child__first_name", "child__last_name", "child_id")
    )
    named = {s.child_id for s in worsened_rows} | {s.child_id for s in missing}
    log_reads(
        actor=user,
        child_ids=sorted(named),
        relation=Relation(via="unit", role=Role.LEADER, unit_id=unit.pk),
        purpose=PURPOSE,
        page=unit,
    )
    return UnitOverview(
        unit=unit,
        round=screening_round,
        rounds=list(ScreeningRound.objects.filter(unit=unit).order_by("-opened_on", "-id")),
        positions=_position_table([g.name for g in groups], [g.pk for g in groups], positions, counts, unrated),
        stay_green=_stay_green(green["were"], green["stayed"]) if screening_round.previous_id else None,
        worsened=worsened,
        missing_next_step=missing,
        overdue=is_overdue(screening_round),
    )


@dataclass(frozen=True)
class UnitLine:
    unit: Unit
    round: ScreeningRound
    overdue: bool
    stay_green: StayGreen | None
    missing_next_step: Cell


@dataclass(frozen=True)
class DistrictOverview:
    district: District
    on: datetime.date
    lines: list[UnitLine]
    positions: PositionTable | None  # None when the district's latest rounds use different scales
    overdue: list[UnitLine]


def district_overview(*, user: User, district: District, on: datetime.date | None = None) -> DistrictOverview:
    """Each unit's latest round opened by ``on``: counts by position, Stay Green, missing next steps.

    Aggregates only: no child is named, so the log gets one read of the overview, not of children.
    """
    day = on or today()
    latest = ScreeningRound.objects.filter(unit=OuterRef("pk"), opened_on__lte=day).order_by("-opened_on", "-id")
    units = list(
        Unit.objects.filter(district=district, is_active=True)
        .annotate(latest_round=Subquery(latest.values("pk")[:1]))
        .filter(latest_round__isnull=False)
        .order_by("name")
    )
    rounds = {r.pk: r for r in ScreeningRound.objects.filter(pk__in=[u.latest_round for u in units])}
    in_rounds = Screening.objects.filter(round_id__in=rounds)
    counts = {
        (c["round_id"], c["position_id"]): c["n"]
        for c in in_rounds.values("round_id", "position_id").annotate(n=Count("id")).order_by()
    }
    per_round = {
        c["round_id"]: c
        for c in in_rounds.annotate(before=previous_position_order())
        .values("round_id")
        .annotate(
            were=Count("id", filter=Q(before=BEST)),
            stayed=Count("id", filter=Q(before=BEST, position__order=BEST)),
            missing=Count("id", filter=Q(position__needs_next_step=True, next_step="")),
        )
        .order_by()
    }
    missing = suppress_table([[per_round[r]["missing"] if r in per_round else 0] for r in rounds])
    missing_by_round = dict(zip(rounds, (row[0] for row in missing.cells), strict=True))
    lines = []
    for unit in units:
        screening_round = rounds[unit.latest_round]
        stats = per_round.get(screening_round.pk, {"were": 0, "stayed": 0})
        lines.append(
            UnitLine(
                unit=unit,
                round=screening_round,
                overdue=is_overdue(screening_round, day),
                stay_green=_stay_green(stats["were"], stats["stayed"]) if screening_round.previous_id else None,
                missing_next_step=missing_by_round[screening_round.pk],
            )
        )
    scales = {r.scale_id for r in rounds.values()}
    table = None
    if len(scales) == 1:
        positions = list(Position.objects.filter(scale_id=scales.pop()).order_by("order"))
        keys = [unit.latest_round for unit in units]
        table = _position_table([u.name for u in units], keys, positions, counts, None)
    log_access(actor=user, action=Action.READ, obj=district, purpose=PURPOSE)
    return DistrictOverview(
        district=district, on=day, lines=lines, positions=table, overdue=[line for line in lines if line.overdue]
    )
