"""What a dashboard panel shows: tables of suppressed counts (with shares) and means with their n.

A mean (a score, a number of days) is shown only when its n is shown: a mean of fewer than five
children could be one child's value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trivsel.effect.counting import Counted
from trivsel.effect.periods import HalfYear
from trivsel.effect.places import Places
from trivsel.lib.barchart import BarChart, stacked_bars
from trivsel.lib.suppression import Cell, share


@dataclass(frozen=True)
class Line:
    label: str
    cells: list[Cell]
    total: Cell
    shares: list[str]

    @property
    def columns(self) -> list[tuple[Cell, str]]:
        """Each cell with its share of the line's total (empty where the table shows no shares)."""
        return [(cell, self.shares[i] if i < len(self.shares) else "") for i, cell in enumerate(self.cells)]


@dataclass(frozen=True)
class CountTable:
    caption: str
    heading: str  # the first column's heading: half-year, unit, "from"
    columns: list[str]
    lines: list[Line]
    with_total: bool = True
    kind: str = "count"  # for the template, which draws the two kinds of table differently

    def rows(self) -> list[list[str]]:
        """Plain text rows for the exports: hidden counts as "<5"."""
        return [
            [line.label, *(str(c) for c in line.cells), *([str(line.total)] if self.with_total else [])]
            for line in self.lines
        ]

    @property
    def header(self) -> list[str]:
        return [self.heading, *self.columns, *([_("Total")] if self.with_total else [])]


@dataclass(frozen=True)
class MeanLine:
    label: str
    n: Cell
    mean: str
    interval: str = ""


@dataclass(frozen=True)
class MeanTable:
    caption: str
    heading: str
    mean_heading: str
    lines: list[MeanLine]
    with_interval: bool = False
    kind: str = "mean"

    @property
    def header(self) -> list[str]:
        return [
            self.heading,
            _("Number"),
            self.mean_heading,
            *([_("Confidence interval (95 percent)")] if self.with_interval else []),
        ]

    def rows(self) -> list[list[str]]:
        return [
            [line.label, str(line.n), line.mean, *([line.interval] if self.with_interval else [])]
            for line in self.lines
        ]


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    intro: str
    tables: list[CountTable | MeanTable] = field(default_factory=list)
    chart: BarChart | None = None
    chart_caption: str = ""
    notes: list[str] = field(default_factory=list)


def _line(label: str, cells: list[Cell], total: Cell) -> Line:
    return Line(label, cells, total, [share(c, total) for c in cells])


def over_time(counted: Counted, node: str, caption: str, columns: Sequence[str]) -> CountTable:
    lines = [_line(p.label, counted.row(p, node), counted.total(p, node)) for p in counted.periods]
    return CountTable(caption, _("Half-year"), list(columns), lines)


def by_place(
    counted: Counted, node: str, tree: Places, period: HalfYear, caption: str, columns: Sequence[str]
) -> CountTable:
    lines = [
        _line(tree.labels[child], counted.row(period, child), counted.total(period, child))
        for child in tree.children(node)
        if counted.total(period, child).value or counted.total(period, child).hidden
    ]
    return CountTable(caption, _("Place"), list(columns), lines)


def over_time_and_place(
    counted: Counted, node: str, tree: Places, period: HalfYear, by_time: str, by_places: str, columns: Sequence[str]
) -> list[CountTable | MeanTable]:
    """The node's table by half-year, and its places' table for ``period``."""
    return [over_time(counted, node, by_time, columns), by_place(counted, node, tree, period, by_places, columns)]


def chart_over_time(counted: Counted, node: str, columns: Sequence[str]) -> BarChart:
    return stacked_bars([(p.label, counted.row(p, node)) for p in counted.periods], columns)


def number(value: float, digits: int = 1) -> str:
    return number_format(round(value, digits), decimal_pos=digits)


def mean_text(n: Cell, total: float, digits: int = 1) -> str:
    """``total / n`` as text, or why not: hidden with its n, or no one to average."""
    if n.hidden:
        return _("hidden")
    if n.value == 0:
        return "–"
    return number(total / n.value, digits)
