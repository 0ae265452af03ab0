"""Stacked horizontal bars of shares (inline SVG drawn by ``templates/includes/bar_chart.html``).

One bar per row (a half-year, a unit), one segment per category, its width the category's share.
A row with a hidden count is drawn as one grey bar marked hidden: drawing its parts would show
the hidden numbers. The numbers are in the table beside the chart, its text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trivsel.lib.suppression import Cell

WIDTH, BAR, GAP, LABEL = 560, 22, 10, 130


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    index: int  # the category's place: the CSS modifier trivsel-bar--<index>
    title: str


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: list[Segment]
    hidden: bool


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    legend: list[tuple[int, str]]

    @property
    def bar_height(self) -> int:
        return BAR

    @property
    def span(self) -> int:
        return self.width - self.label_width


def stacked_bars(rows: Sequence[tuple[str, Sequence[Cell]]], categories: Sequence[str]) -> BarChart:
    span = WIDTH - LABEL
    bars = []
    for number, (label, cells) in enumerate(rows):
        y = GAP + number * (BAR + GAP)
        total = sum(c.value for c in cells)
        hidden = any(c.hidden for c in cells)
        segments = []
        if total and not hidden:
            x = float(LABEL)
            for index, (cell, name) in enumerate(zip(cells, categories, strict=True)):
                width = span * cell.value / total
                if width:
                    segments.append(Segment(x, width, index % 8, f"{name}: {round(100 * cell.value / total)} %"))
                x += width
        bars.append(Bar(label, y, segments, hidden))
    legend = [(index % 8, name) for index, name in enumerate(categories)]
    return BarChart(WIDTH, GAP + len(rows) * (BAR + GAP), LABEL, bars, legend)
