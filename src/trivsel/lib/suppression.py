"""Small-number suppression for aggregates of children (domain.md §6).

A count of 1–4 is shown as "<5" (primary suppression). So that a hidden count cannot be worked
out from a total, every line of the table — a row with its row total, a column with its column
total — must hide none or at least two of its cells: where a line hides exactly one, the smallest
other count in it is hidden as well (complementary suppression), preferring counts above zero,
until no line hides exactly one. Totals are cells of their lines like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

THRESHOLD = 5
HIDDEN = "<5"


def is_small(count: int, threshold: int = THRESHOLD) -> bool:
    return 0 < count < threshold


def show(count: int, hidden: bool = False) -> str:
    """A count as text: the hidden marker, or the number."""
    return HIDDEN if hidden or is_small(count) else str(count)


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: bool

    def __str__(self) -> str:
        return HIDDEN if self.hidden else str(self.value)


@dataclass(frozen=True)
class SuppressedTable:
    """``cells[r][c]`` with ``row_totals[r]``, ``column_totals[c]`` and ``total``, each maybe hidden."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def suppress_table(counts: Sequence[Sequence[int]], threshold: int = THRESHOLD) -> SuppressedTable:
    """Suppress a table of counts with its margins; see the module docstring for the rule."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    # The full grid with the margins: row totals in the last column, column totals in the last row.
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(counts[r][c] for r in range(rows)) for c in range(columns)] + [sum(map(sum, counts))])
    hidden = [[is_small(v, threshold) for v in line] for line in grid]
    lines = [[(r, c) for c in range(columns + 1)] for r in range(rows + 1)]
    lines += [[(r, c) for r in range(rows + 1)] for c in range(columns + 1)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[r][c] for r, c in line) != 1:
                continue
            shown = [(grid[r][c] == 0, grid[r][c], r, c) for r, c in line if not hidden[r][c]]
            if shown:
                _zero, _value, r, c = min(shown)
                hidden[r][c] = True
                changed = True

    def cell(r: int, c: int) -> Cell:
        return Cell(grid[r][c], hidden[r][c])

    return SuppressedTable(
        cells=[[cell(r, c) for c in range(columns)] for r in range(rows)],
        row_totals=[cell(r, columns) for r in range(rows)],
        column_totals=[cell(rows, c) for c in range(columns)],
        total=cell(rows, columns),
    )


def share(part: Cell, whole: Cell) -> str:
    """``part`` as a percentage of ``whole``; hidden when either is, so a share never reveals a count."""
    if whole.value == 0:
        return "–"
    if part.hidden or whole.hidden:
        return gettext("hidden")
    return f"{round(100 * part.value / whole.value)} %"
