"""Counting in the database by half-year and unit; reading the stored, suppressed cells back.

Each table (a ``Spec``) asks one GROUP BY query for (year, half, unit, category) over the whole
municipality; ``refresh.py`` suppresses the counts over the whole tree of places at once
(``lib.suppression.suppress_tree``) and stores them, so every view of them agrees; ``stored``
reads a node's cells back for a page.

Events without a unit of their own (a concern, a notification, an intervention, a questionnaire)
count where the child was enrolled on the event's date — school before daycare before the
others — or under "not enrolled".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import ExtractYear

from trivsel.children.models import Enrolment
from trivsel.effect.models import IndicatorCell
from trivsel.effect.periods import HalfYear
from trivsel.effect.places import unit_node
from trivsel.lib.suppression import TOTAL, Cell
from trivsel.organisation.models import EnrolmentTrack

TRACK_ORDER = Case(
    When(track=EnrolmentTrack.SCHOOL, then=Value(0)),
    When(track=EnrolmentTrack.DAYCARE, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
Counts = dict[tuple[str, str], int]  # (leaf node, category) → count


def unit_on(day: str, child: str = "child_id") -> Subquery:
    """The unit the child (``child``) was enrolled in on the date ``day`` (both outer field names)."""
    enrolments = (
        Enrolment.objects.filter(child_id=OuterRef(child), start__lte=OuterRef(day))
        .filter(Q(end__isnull=True) | Q(end__gte=OuterRef(day)))
        .annotate(rank=TRACK_ORDER)
        .order_by("rank", "-start")
        .values("unit_id")[:1]
    )
    return Subquery(enrolments, output_field=IntegerField())


def in_periods(queryset: QuerySet[Any], day: str, periods: Sequence[HalfYear]) -> QuerySet[Any]:
    """Rows whose ``day`` falls in the half-years, annotated with ``year`` and ``half``."""
    return queryset.filter(**{f"{day}__gte": periods[0].start, f"{day}__lte": periods[-1].end}).annotate(
        year=ExtractYear(day),
        half=Case(When(Q(**{f"{day}__month__lte": 6}), then=Value(1)), default=Value(2), output_field=IntegerField()),
    )


def by_period(rows: Iterable[Mapping[str, Any]], category: str) -> dict[HalfYear, Counts]:
    """``rows`` of year, half, unit, ``category`` and n as counts per half-year."""
    counts: dict[HalfYear, Counts] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts[_period(row)][(_leaf(row), str(row[category]))] += _int(row["n"])
    return counts


def sums_by_period(rows: Iterable[Mapping[str, Any]], category: str) -> dict[HalfYear, Sums]:
    """``rows`` with ``total`` and ``squares`` as sums per half-year, leaf and category."""
    sums: dict[HalfYear, Sums] = defaultdict(dict)
    for row in rows:
        key = (_leaf(row), str(row[category]))
        total, squares = sums[_period(row)].get(key, (0.0, 0.0))
        sums[_period(row)][key] = (total + float(row["total"] or 0), squares + float(row.get("squares") or 0))
    return sums


def _period(row: Mapping[str, Any]) -> HalfYear:
    return HalfYear(_int(row["year"]), _int(row["half"]))


def _leaf(row: Mapping[str, Any]) -> str:
    unit_id = row["unit"]
    return unit_node(unit_id if isinstance(unit_id, int) else None)


def _int(value: object) -> int:
    return int(value)  # type: ignore[call-overload]


Sums = dict[tuple[str, str], tuple[float, float]]  # (leaf, category) → (sum, sum of squares)


@dataclass(frozen=True)
class Spec:
    """One table of the dashboard: how its leaves are counted, and its categories (as stored)."""

    key: str
    count: Callable[[list[HalfYear]], tuple[dict[HalfYear, Counts], dict[HalfYear, Sums]]]
    categories: Callable[[], list[str]]
    sums: Callable[[], list[tuple[list[str], str]]] = lambda: []


@dataclass(frozen=True)
class Counted:
    """A table's suppressed counts as stored: per half-year, per node and category (and ``TOTAL``)."""

    periods: list[HalfYear]
    categories: list[str]
    cells: dict[HalfYear, dict[tuple[str, str], Cell]]
    sums: dict[HalfYear, dict[tuple[str, str], tuple[float, float]]]

    def cell(self, period: HalfYear, node: str, category: str) -> Cell:
        return self.cells.get(period, {}).get((node, category), ZERO)

    def row(self, period: HalfYear, node: str) -> list[Cell]:
        return [self.cell(period, node, c) for c in self.categories]

    def total(self, period: HalfYear, node: str) -> Cell:
        return self.cell(period, node, TOTAL)

    def sum(self, period: HalfYear, node: str, category: str = TOTAL) -> tuple[float, float]:
        return self.sums.get(period, {}).get((node, category), (0.0, 0.0))


ZERO = Cell(0, False)


def stored(spec: Spec, periods: Sequence[HalfYear], nodes: Sequence[str]) -> Counted:
    """The table's cells for these half-years and places, in one query."""
    cells: dict[HalfYear, dict[tuple[str, str], Cell]] = defaultdict(dict)
    sums: dict[HalfYear, dict[tuple[str, str], tuple[float, float]]] = defaultdict(dict)
    by_key = {p.key: p for p in periods}
    rows = IndicatorCell.objects.filter(table=spec.key, period__in=list(by_key), node__in=list(nodes))
    for period, node, category, value, hidden, total, squares in rows.values_list(
        "period", "node", "category", "value", "hidden", "total", "squares"
    ):
        cells[by_key[period]][(node, category)] = Cell(value, hidden)
        if total is not None:
            sums[by_key[period]][(node, category)] = (total, squares or 0.0)
    return Counted(list(periods), spec.categories(), dict(cells), dict(sums))
