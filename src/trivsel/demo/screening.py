"""Synthetic screening history for the demo municipality: rounds, joint and individual ratings.

Written straight into the tables with ``bulk_create`` (a data generator, like ``builder``), from
what the database holds after the municipality is built: every daycare and school unit gets
``rounds`` half-yearly rounds, the newest one open. Each child currently in a group of the unit
is rated in every round, with positions that change little from one round to the next (a Markov
chain), so that Stay Green and "worse than last round" have something to show. Two raters rate
each child on their own first. In closed rounds every yellow or red child has a next step; in
the open round part of the group is rated.

The history is the children's current unit only, also for rounds before a child could have been
there: the demo needs volume and plausible pages, not true biographies.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from trivsel.children.access import current_enrolments
from trivsel.organisation.models import Membership, Role, UnitKind
from trivsel.screening.models import NextStep, Rating, Screening, ScreeningRound
from trivsel.screening.scale import active_scale, position_scale_load

SCREENED_KINDS = (UnitKind.CHILDMINDER, UnitKind.NURSERY, UnitKind.KINDERGARTEN, UnitKind.INTEGRATED, UnitKind.SCHOOL)
BATCH = 5_000
# P(next position | this position), best first (TOPI: grøn, gul, rød).
CHAIN = {1: (0.93, 0.06, 0.01), 2: (0.45, 0.45, 0.10), 3: (0.15, 0.35, 0.50)}
START = (0.85, 0.12, 0.03)
# A concern as next step links a concern row; the demo writes no such rows, so plans and fora only.
NEXT_STEPS = [NextStep.LOCAL_PLAN, NextStep.FORUM]
NOTES: dict[str, str] = {
    NextStep.LOCAL_PLAN: "Lokal handleplan: legeaftaler og fast voksen om morgenen",
    NextStep.FORUM: "Tages op i ressourceteamet",
}


@dataclass(frozen=True)
class ScreeningStats:
    rounds: int
    screenings: int
    ratings: int


def _season(on: datetime.date, back: int) -> tuple[str, datetime.date]:
    """The round ``back`` half-years before the newest one (autumn: 1 September, spring: 1 March)."""
    autumn = on.month >= 9
    index = (on.year * 2 + (1 if autumn else 0)) - back
    year, half = divmod(index, 2)
    return (f"Efterår {year}", datetime.date(year, 9, 1)) if half else (f"Forår {year}", datetime.date(year, 3, 1))


def _step(rng: random.Random, weights: tuple[float, ...]) -> int:
    return rng.choices((1, 2, 3), weights=weights)[0]


class _Batches:
    """Collects rows and writes them ``BATCH`` at a time, to keep memory flat at 2 million rows."""

    def __init__(self) -> None:
        self.screenings: list[Screening] = []
        self.ratings: list[Rating] = []
        self.written = {"screenings": 0, "ratings": 0}

    def add(self, screening: Screening | None = None, rating: Rating | None = None) -> None:
        if screening is not None:
            self.screenings.append(screening)
        if rating is not None:
            self.ratings.append(rating)
        if len(self.screenings) >= BATCH or len(self.ratings) >= BATCH:
            self.flush()

    def flush(self) -> None:
        Screening.objects.bulk_create(self.screenings, batch_size=BATCH)
        Rating.objects.bulk_create(self.ratings, batch_size=BATCH)
        self.written["screenings"] += len(self.screenings)
        self.written["ratings"] += len(self.ratings)
        self.screenings, self.ratings = [], []


def _people() -> tuple[dict[int, int], dict[int, list[int]]]:
    """Each unit's leader, and each group's frontline staff (current memberships)."""
    leaders: dict[int, int] = {}
    frontline: dict[int, list[int]] = defaultdict(list)
    for m in (
        Membership.objects.filter(end__isnull=True).values("role", "unit_id", "group_id", "user_id").order_by("id")
    ):
        if m["role"] == Role.LEADER and m["unit_id"]:
            leaders.setdefault(m["unit_id"], m["user_id"])
        elif m["role"] == Role.FRONTLINE and m["group_id"]:
            frontline[m["group_id"]].append(m["user_id"])
    return leaders, frontline


def _members() -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """(unit id, [(child id, group id)]) for every screened unit, from current enrolments."""
    rows = (
        current_enrolments()
        .filter(unit__kind__in=SCREENED_KINDS, group__isnull=False)
        .values_list("unit_id", "child_id", "group_id")
        .order_by("unit_id", "child_id")
    )
    by_unit: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for unit_id, child_id, group_id in rows:
        by_unit[unit_id].append((child_id, group_id))
    yield from sorted(by_unit.items())


@transaction.atomic
def build_screenings(*, rounds: int, seed: int, on: datetime.date) -> ScreeningStats:
    """Write ``rounds`` rounds per screened unit, the newest open, with their ratings."""
    rng = random.Random(seed)
    scale = active_scale() or position_scale_load()
    positions = {p.order: p.pk for p in scale.positions.all()}
    leaders, frontline = _people()
    units = list(_members())
    # The rounds, oldest first, so that each can point at the one before it.
    previous: dict[int, int | None] = {unit_id: None for unit_id, _ in units}
    round_ids: dict[int, list[int]] = defaultdict(list)
    for back in range(rounds - 1, -1, -1):
        name, opened = _season(on, back)
        planned = [
            _round(unit_id, name, opened, on, scale_id=scale.pk, previous=previous[unit_id], leader=leaders[unit_id],
                   newest=back == 0)
            for unit_id, _ in units
            if unit_id in leaders
        ]  # fmt: skip
        created = ScreeningRound.objects.bulk_create(planned, batch_size=BATCH)
        for screening_round in created:
            previous[screening_round.unit_id] = screening_round.pk
            round_ids[screening_round.unit_id].append(screening_round.pk)
    writer = _RatingWriter(rng, positions, timezone.now())
    for unit_id, members in units:
        for child_id, group_id in members:
            raters = [*frontline.get(group_id, []), leaders[unit_id]]
            writer.child(round_ids.get(unit_id, []), child_id, group_id, raters)
    batches = writer.batches
    batches.flush()
    return ScreeningStats(
        rounds=sum(len(v) for v in round_ids.values()),
        screenings=batches.written["screenings"],
        ratings=batches.written["ratings"],
    )


def _round(
    unit_id: int,
    name: str,
    opened: datetime.date,
    on: datetime.date,
    *,
    scale_id: int,
    previous: int | None,
    leader: int,
    newest: bool,
) -> ScreeningRound:
    """A closed round 40 days after it opened, or the open one; one open round in seven is past its deadline."""
    screening_round = ScreeningRound(
        unit_id=unit_id,
        name=name,
        scale_id=scale_id,
        previous_id=previous,
        opened_by_id=leader,
        opened_on=min(opened, on),
    )
    if newest:
        screening_round.deadline = on + datetime.timedelta(days=-3 if unit_id % 7 == 0 else 21)
    else:
        screening_round.deadline = opened + datetime.timedelta(days=42)
        closed = datetime.datetime.combine(opened + datetime.timedelta(days=40), datetime.time(12))
        screening_round.closed_at, screening_round.closed_by_id = timezone.make_aware(closed), leader
    return screening_round


class _RatingWriter:
    """Rates one child through its unit's rounds: two raters' own ratings, then the joint one."""

    def __init__(self, rng: random.Random, positions: dict[int, int], now: datetime.datetime) -> None:
        self.rng, self.positions, self.now = rng, positions, now
        self.batches = _Batches()

    def child(self, round_ids: list[int], child_id: int, group_id: int, raters: list[int]) -> None:
        position = _step(self.rng, START)
        for index, round_id in enumerate(round_ids):
            if index:
                position = _step(self.rng, CHAIN[position])
            self._round(round_id, child_id, group_id, position, raters, open_round=index == len(round_ids) - 1)

    def _round(
        self, round_id: int, child_id: int, group_id: int, position: int, raters: list[int], *, open_round: bool
    ) -> None:
        """In the open round some own ratings are still missing and half the children not yet agreed."""
        rng, positions = self.rng, self.positions
        for rater in raters[:2]:
            if rng.random() < (0.8 if open_round else 0.97):
                own = position if rng.random() < 0.85 else _step(rng, CHAIN[position])
                rating = Rating(round_id=round_id, child_id=child_id, rater_id=rater, position_id=positions[own])
                self.batches.add(rating=rating)
        if open_round and rng.random() < 0.5:
            return
        step = ""
        if position > 1 and not (open_round and rng.random() < 0.5):
            step = rng.choice(NEXT_STEPS)
        self.batches.add(
            screening=Screening(
                round_id=round_id,
                child_id=child_id,
                group_id=group_id,
                position_id=positions[position],
                agreed_by_id=raters[0],
                agreed_at=self.now,
                next_step=step,
                next_step_note=NOTES.get(step, ""),
                next_step_by_id=raters[0] if step else None,
                next_step_on=self.now.date() if step else None,
            )
        )
