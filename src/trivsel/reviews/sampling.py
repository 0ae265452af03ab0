"""Which cases a review round looks at, who rates them, and who rates a share of them a second time.

``candidates`` finds the children with activity in the period and what each is sampled as, in
one query; the rest are pure functions of their arguments and a seed, so a round can be drawn
again from its stored seed and give the same cases, second-rated cases and raters.

The seeds: the sample uses ``Random(seed)``, the second-rated cases ``Random(seed + 1)`` and the
raters' order ``Random(seed + 2)``, so each draw is its own stream and changing one (e.g. the
share rated twice) leaves the others as they were.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import CharField, DateField, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from trivsel.children.models import Child, Enrolment
from trivsel.concerns.models import Concern
from trivsel.effect.counting import TRACK_ORDER
from trivsel.lib.time import age_on
from trivsel.meetings.models import AgendaItem
from trivsel.notifications.models import Notification
from trivsel.plans.models import Intervention
from trivsel.questionnaires.models import Response
from trivsel.reviews.models import Stratum
from trivsel.screening.models import Screening


@dataclass(frozen=True)
class Candidate:
    """A child as sampled: where it was and how it was doing at the end of the period."""

    child_id: int
    unit_id: int | None
    district_id: int | None
    age_band: str
    position: str


# (lowest age, band), oldest first; ages are whole years at the end of the period.
AGE_BANDS: list[tuple[int, str]] = [(18, "18+"), (14, "14-17"), (10, "10-13"), (6, "6-9"), (3, "3-5")]
YOUNGEST_BAND = "0-2"

StratumKey = int | str | None


def age_band(birth_date: datetime.date, on: datetime.date) -> str:
    age = age_on(birth_date, on)
    return next((band for lowest, band in AGE_BANDS if age >= lowest), YOUNGEST_BAND)


# --- Candidates -------------------------------------------------------------------------------


def candidates(period_start: datetime.date, period_end: datetime.date) -> list[Candidate]:
    """Children with activity in the period (both days included), sorted by child id; one query."""
    rows = (
        Child.objects.filter(pk__in=_active_child_ids(period_start, period_end))
        .annotate(
            unit_at_end=_enrolment_at_end("unit_id", period_start, period_end),
            district_at_end=_enrolment_at_end("unit__district_id", period_start, period_end),
            position_at_end=_latest_position(period_end),
        )
        .order_by("pk")
        .values_list("pk", "birth_date", "unit_at_end", "district_at_end", "position_at_end")
    )
    return [
        Candidate(
            child_id=pk, unit_id=unit, district_id=district, age_band=age_band(born, period_end), position=name or ""
        )
        for pk, born, unit, district, name in rows
    ]


def _active_child_ids(period_start: datetime.date, period_end: datetime.date) -> QuerySet[Any, int]:
    """The ids of children with any activity in the period, as one UNION the database builds.

    A UNION of ids rather than EXISTS per child, which would test every child in the municipality
    (as in ``children.access.children_visible_to``). Moments count by the local calendar day.
    """
    since, until = _local_midnight(period_start), _local_midnight(period_end + datetime.timedelta(days=1))
    concerns = Concern.objects.filter(observed_on__range=(period_start, period_end))
    screenings = Screening.objects.filter(agreed_at__gte=since, agreed_at__lt=until)
    items = AgendaItem.objects.filter(
        meeting__starts_at__gte=since, meeting__starts_at__lt=until, meeting__cancelled_at__isnull=True
    )
    # Active: started by the end of the period and not closed before it began (the planned end is a plan).
    interventions = Intervention.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period_start), start__lte=period_end
    )
    notifications = Notification.objects.filter(received_at__gte=since, received_at__lt=until)
    responses = Response.objects.filter(submitted_at__isnull=False, measured_on__range=(period_start, period_end))
    first, *others = [
        queryset.values_list("child_id", flat=True).order_by()
        for queryset in (concerns, screenings, items, interventions, notifications, responses)
    ]
    return first.union(*others)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _enrolment_at_end(field: str, period_start: datetime.date, period_end: datetime.date) -> Subquery:
    """``field`` of the enrolment current at the end of the period, else of the latest that overlapped it.

    Enrolments are ranked by the last day of the period they covered (so every current one ties at
    the end), then school before daycare before the rest (as the effect dashboard places a child).
    """
    last_day = Least(Coalesce("end", Value(period_end)), Value(period_end), output_field=DateField())
    enrolments = (
        Enrolment.objects.filter(Q(end__isnull=True) | Q(end__gte=period_start), child_id=OuterRef("pk"))
        .filter(start__lte=period_end)
        .annotate(last_day=last_day, rank=TRACK_ORDER)
        .order_by(F("last_day").desc(), "rank", "-start", "-id")
        .values(field)[:1]
    )
    return Subquery(enrolments, output_field=IntegerField())


def _latest_position(period_end: datetime.date) -> Subquery:
    """The position's name in the child's latest joint screening agreed by the end of the period."""
    until = _local_midnight(period_end + datetime.timedelta(days=1))
    screenings = (
        Screening.objects.filter(child_id=OuterRef("pk"), agreed_at__lt=until)
        .order_by("-agreed_at", "-id")
        .values("position__name")[:1]
    )
    return Subquery(screenings, output_field=CharField())


# --- Sampling ---------------------------------------------------------------------------------

STRATUM_KEYS: dict[str, Callable[[Candidate], StratumKey]] = {
    Stratum.UNIT: lambda c: c.unit_id,
    Stratum.DISTRICT: lambda c: c.district_id,
    Stratum.AGE_BAND: lambda c: c.age_band,
    Stratum.POSITION: lambda c: c.position,
}


def sample(population: Sequence[Candidate], size: int, seed: int, stratify_by: str = "") -> list[Candidate]:
    """``size`` candidates drawn with ``Random(seed)``, sorted by child id.

    The draw starts from the population sorted by child id (repeats dropped), so the same seed gives
    the same sample whatever order the candidates came in. ``stratify_by`` "" draws a simple random
    sample; a ``Stratum`` value allocates the size over its strata in proportion (``allocate``) and
    draws that many at random inside each stratum, strata taken in key order.
    """
    if size < 0:
        raise ValueError(f"The sample size must not be negative (got {size}).")
    if stratify_by and stratify_by not in STRATUM_KEYS:
        raise ValueError(f"Unknown stratum {stratify_by!r}; expected one of {', '.join(STRATUM_KEYS)}.")
    everyone = sorted(set(population), key=lambda c: c.child_id)
    if len({c.child_id for c in everyone}) < len(everyone):
        raise ValueError("A child is in the population twice, as different candidates.")
    if size >= len(everyone):
        return everyone
    rng = random.Random(seed)
    if not stratify_by:
        return sorted(rng.sample(everyone, size), key=lambda c: c.child_id)
    strata = stratify(everyone, stratify_by)
    counts = allocate({key: len(members) for key, members in strata.items()}, size)
    drawn = [c for key in sorted(strata, key=_key_order) for c in rng.sample(strata[key], counts[key])]
    return sorted(drawn, key=lambda c: c.child_id)


def stratify(population: Sequence[Candidate], stratify_by: str) -> dict[StratumKey, list[Candidate]]:
    """The candidates grouped by their stratum, each group in the order given."""
    key_of = STRATUM_KEYS[stratify_by]
    strata: dict[StratumKey, list[Candidate]] = defaultdict(list)
    for candidate in population:
        strata[key_of(candidate)].append(candidate)
    return dict(strata)


def allocate(sizes: dict[StratumKey, int], size: int) -> dict[StratumKey, int]:
    """``size`` shared over the strata in proportion to ``sizes`` by largest remainder (Hamilton).

    Each stratum gets the whole part of its quota size·n/N; the seats left go one each to the
    largest remainders, ties to the larger stratum, then to the lower key. The counts sum to
    ``size`` and none exceeds its stratum (a stratum with a remainder has quota < n).
    """
    total = sum(sizes.values())
    if size >= total:
        return dict(sizes)
    quotas = {key: Fraction(size * n, total) for key, n in sizes.items()}
    counts = {key: int(quota) for key, quota in quotas.items()}
    left = size - sum(counts.values())
    by_remainder = sorted(sizes, key=lambda key: (-(quotas[key] - counts[key]), -sizes[key], _key_order(key)))
    for key in by_remainder[:left]:
        counts[key] += 1
    return counts


def _key_order(key: StratumKey) -> tuple[int, int, str]:
    """Strata in a fixed order: "none" (no unit or district) first, then ids by number, then names."""
    if key is None:
        return (0, 0, "")
    if isinstance(key, int):
        return (1, key, "")
    return (1, 0, key)


# --- Raters -----------------------------------------------------------------------------------


def second_rated(count: int, percent: int, seed: int) -> set[int]:
    """Indices (0…count−1) of the cases a second rater reviews: count·percent/100 rounded half up."""
    if count < 0 or not 0 <= percent <= 100:
        raise ValueError(f"Need count >= 0 and 0 <= percent <= 100 (got {count} and {percent}).")
    wanted = (2 * count * percent + 100) // 200  # half up in integers: 2.5 → 3, never float rounding
    return set(random.Random(seed + 1).sample(range(count), wanted))


def assign(count: int, reviewers: Sequence[int], second: set[int], seed: int) -> list[tuple[int, int | None]]:
    """(first reviewer, second reviewer or None) for each case index, spread evenly over the reviewers.

    The reviewers (each once, by id) are shuffled with ``Random(seed + 2)``; first raters go round
    robin in that order. A case's second rater is the reviewer with the fewest cases so far other
    than its first, ties to the next after the first in that order, so the whole load stays even.
    """
    order = sorted(set(reviewers))
    if count and not order:
        raise ValueError("A review round needs at least one reviewer.")
    if second and len(order) < 2:
        raise ValueError("Cases rated twice need at least two reviewers: the second rater must be someone else.")
    if any(index not in range(count) for index in second):
        raise ValueError(f"Second-rated case indices must lie in 0…{count - 1}.")
    random.Random(seed + 2).shuffle(order)
    firsts = [order[index % len(order)] for index in range(count)]
    load = {reviewer: firsts.count(reviewer) for reviewer in order}
    pairs: list[tuple[int, int | None]] = []
    for index, first in enumerate(firsts):
        other = _least_loaded(order, load, after=index % len(order)) if index in second else None
        if other is not None:
            load[other] += 1
        pairs.append((first, other))
    return pairs


def _least_loaded(order: list[int], load: dict[int, int], after: int) -> int:
    """The reviewer with the least load, skipping position ``after``, searching round from the next one."""
    others = [order[(after + step) % len(order)] for step in range(1, len(order))]
    return min(others, key=lambda reviewer: load[reviewer])
