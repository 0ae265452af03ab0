"""A goal's progress as a small line chart (inline SVG, no script), one line per rater.

Coordinates are computed here so the template only draws; the same numbers are shown in a table
beside the chart as its text alternative.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from trivsel.plans.models import Goal, ProgressEntry, Rater

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 12, 28


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    entry: ProgressEntry


@dataclass(frozen=True)
class Series:
    rater: str
    label: str
    points: list[Point]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    series: list[Series]
    ticks: list[Tick]
    target_y: float
    first: datetime.date | None
    last: datetime.date | None
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM


def goal_chart(goal: Goal, entries: Sequence[ProgressEntry]) -> Chart:
    low, high = goal.bounds
    span_y = (HEIGHT - TOP - BOTTOM) / (high - low)

    def y_of(value: int) -> float:
        return HEIGHT - BOTTOM - (value - low) * span_y

    days = [e.recorded_on for e in entries]
    first, last = (min(days), max(days)) if days else (None, None)
    span_days = max(1, (last - first).days) if first and last else 1

    def x_of(day: datetime.date) -> float:
        if first is None or first == last:
            return (LEFT + WIDTH - RIGHT) / 2
        return LEFT + (day - first).days / span_days * (WIDTH - LEFT - RIGHT)

    series = [
        Series(rater, str(label), [Point(x_of(e.recorded_on), y_of(e.value), e) for e in entries if e.rater == rater])
        for rater, label in Rater.choices
    ]
    step = 1 if high - low <= 4 else 2
    ticks = [Tick(y_of(v), v) for v in range(low, high + 1, step)]
    return Chart(WIDTH, HEIGHT, [s for s in series if s.points], ticks, y_of(goal.target), first, last)
