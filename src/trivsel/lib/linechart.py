"""A small line chart over dates (inline SVG drawn by ``templates/includes/line_chart.html``, no script).

Coordinates are computed here so the template only draws; pages show the same numbers in a table
beside the chart as its text alternative.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 12, 28


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int


@dataclass(frozen=True)
class Series:
    key: str  # a CSS modifier: trivsel-series--<key>
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
    target_y: float | None
    first: datetime.date | None
    last: datetime.date | None
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    values: Sequence[tuple[datetime.date, int]]


def line_chart(lines: Sequence[Line], low: int, high: int, step: int, target: int | None = None) -> Chart:
    """One series per line with values, on a y axis from ``low`` to ``high`` with a tick every ``step``."""
    span_y = (HEIGHT - TOP - BOTTOM) / (high - low)

    def y_of(value: int) -> float:
        return HEIGHT - BOTTOM - (value - low) * span_y

    days = [day for line in lines for day, _value in line.values]
    first, last = (min(days), max(days)) if days else (None, None)
    span_days = max(1, (last - first).days) if first and last else 1

    def x_of(day: datetime.date) -> float:
        if first is None or first == last:
            return (LEFT + WIDTH - RIGHT) / 2
        return LEFT + (day - first).days / span_days * (WIDTH - LEFT - RIGHT)

    series = [Series(line.key, line.label, [Point(x_of(d), y_of(v), v) for d, v in line.values]) for line in lines]
    ticks = [Tick(y_of(v), v) for v in range(low, high + 1, step)]
    target_y = y_of(target) if target is not None else None
    return Chart(WIDTH, HEIGHT, [s for s in series if s.points], ticks, target_y, first, last)
