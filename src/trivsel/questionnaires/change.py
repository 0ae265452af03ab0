"""Change between two measurements (domain.md §4): the reliable change index for one child and the
SDQ added-value score for groups.

- Reliable change index (Jacobson & Truax 1991): ``(x2 − x1) / (√2 · SD · √(1 − r))``, with the
  norm's standard deviation SD and reliability r as configuration in the instrument file
  (``norms.change``). |RCI| > 1.96 is a change larger than measurement error would give one time
  in twenty. On the SDQ's difficulty scales a lower score is better; on prosocial a higher one.
- Added value (Goodman & Goodman; parent SDQ about six months apart): ``2.3 + 0.8 × baseline
  total + 0.2 × baseline impact − 0.3 × baseline emotional − follow-up total``, the coefficients
  being the instrument file's ``added_value``. Positive means better than predicted. One child's
  score has a 95 % confidence interval of about ±10, so it is reported for groups only, as a mean
  with its confidence interval ``mean ± 1.96 · s / √n``.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

RELIABLE = 1.96  # two-sided 5 %
PROSOCIAL = "prosocial"  # the one SDQ scale on which a higher score is better


class Direction(enum.StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_RELIABLE_CHANGE = "unchanged"


@dataclass(frozen=True)
class ChangeConfig:
    """The norm's standard deviation and reliability (Cronbach's α or test–retest) for one scale."""

    sd: float
    reliability: float


@dataclass(frozen=True)
class ReliableChange:
    scale: str
    before: int
    after: int
    index: float

    @property
    def difference(self) -> int:
        return self.after - self.before

    @property
    def direction(self) -> Direction:
        if abs(self.index) <= RELIABLE:
            return Direction.NO_RELIABLE_CHANGE
        better = self.index > 0 if self.scale == PROSOCIAL else self.index < 0
        return Direction.IMPROVED if better else Direction.WORSENED


def reliable_change_index(before: int, after: int, config: ChangeConfig) -> float:
    """Jacobson–Truax RCI, rounded to two decimals."""
    standard_error_of_difference = math.sqrt(2) * config.sd * math.sqrt(1 - config.reliability)
    return round((after - before) / standard_error_of_difference, 2)


def reliable_change(scale: str, before: int, after: int, config: ChangeConfig) -> ReliableChange:
    return ReliableChange(scale, before, after, reliable_change_index(before, after, config))


@dataclass(frozen=True)
class AddedValueFormula:
    constant: float
    baseline_total: float
    baseline_impact: float
    baseline_emotional: float


def added_value(
    formula: AddedValueFormula, baseline: Mapping[str, int | None], follow_up: Mapping[str, int | None]
) -> float | None:
    """One child's added value, or None when a score it needs is missing."""
    total, impact, emotional = baseline.get("total"), baseline.get("impact"), baseline.get("emotional")
    after = follow_up.get("total")
    if total is None or impact is None or emotional is None or after is None:
        return None
    predicted = (
        formula.constant
        + formula.baseline_total * total
        + formula.baseline_impact * impact
        + formula.baseline_emotional * emotional
    )
    return round(predicted - after, 2)


@dataclass(frozen=True)
class GroupAddedValue:
    """A group's mean added value with its 95 % confidence interval (None below two children)."""

    n: int
    mean: float
    low: float | None
    high: float | None


def group_added_value(values: Sequence[float]) -> GroupAddedValue | None:
    if not values:
        return None
    return group_added_value_from_sums(len(values), sum(values), sum(v * v for v in values))


def group_added_value_from_sums(n: int, total: float, squares: float) -> GroupAddedValue:
    """The same from the count, sum and sum of squares, as the database adds them up."""
    mean = total / n
    if n < 2:
        return GroupAddedValue(n, round(mean, 1), None, None)
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))
    half_width = RELIABLE * math.sqrt(variance) / math.sqrt(n)
    return GroupAddedValue(n, round(mean, 1), round(mean - half_width, 1), round(mean + half_width, 1))
