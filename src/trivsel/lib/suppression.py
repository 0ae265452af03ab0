"""Small-number suppression for aggregates of children (domain.md §6).

A count of 1–4 is shown as "<5" (primary suppression). So that a hidden count cannot be worked
out from a total, every line of the table — a row with its row total, a column with its column
total — must hide none or at least two of its cells: where a line hides exactly one, the smallest
other count in it is hidden as well (complementary suppression), preferring counts above zero,
until no line hides exactly one. That alone can leave a hidden count to be worked out from
several lines together (a hidden cell's row, minus another row, plus a column …), so each line is
also treated as an equation and, while a hidden cell's value still follows from them
(``derivable``), one more cell of its lines is hidden. Totals are cells of their lines like any other.

``suppress_tree`` does the same over a hierarchy of places, so that every view of it — the
municipality, a district, a unit — hides the same cells.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.translation import gettext

THRESHOLD = 5
HIDDEN = "<5"
K = TypeVar("K", bound=Hashable)


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


_PRIME = 2**61 - 1  # ranks of 0/1 matrices computed modulo a large prime: exact in practice, and fast


def _reduce(vector: dict[int, int], basis: dict[int, dict[int, int]]) -> dict[int, int]:
    """``vector`` minus its projection on the echelon ``basis`` (pivot → row with 1 at the pivot)."""
    vector = dict(vector)
    for pivot in sorted(basis):
        factor = vector.get(pivot, 0)
        if factor:
            for column, value in basis[pivot].items():
                vector[column] = (vector.get(column, 0) - factor * value) % _PRIME
    return {c: v for c, v in vector.items() if v}


def derivable(hidden: Sequence[K], lines: Sequence[Sequence[K]]) -> list[K]:
    """The hidden cells whose value follows from the shown cells: each line is an equation (its cells
    add up), and a hidden cell is known when its unit vector lies in the span of those equations."""
    index = {key: i for i, key in enumerate(hidden)}
    basis: dict[int, dict[int, int]] = {}
    for line in lines:
        row = _reduce({index[key]: 1 for key in line if key in index}, basis)
        if row:
            pivot = min(row)
            inverse = pow(row[pivot], -1, _PRIME)
            basis[pivot] = {c: v * inverse % _PRIME for c, v in row.items()}
    return [key for key, i in index.items() if not _reduce({i: 1}, basis)]


def suppress_lines(values: Mapping[K, int], lines: Sequence[Sequence[K]], threshold: int = THRESHOLD) -> set[K]:
    """The cells to hide: the small ones, then, while a line (cells that add up to one of them) hides
    exactly one — or a hidden cell can still be worked out from several lines together — the smallest
    other cell of such a line, preferring counts above zero."""
    hidden = {key for key, value in values.items() if is_small(value, threshold)}
    lines_of: dict[K, list[Sequence[K]]] = {}
    for line in lines:
        for key in line:
            lines_of.setdefault(key, []).append(line)

    def hide_next(candidates: Sequence[Sequence[K]]) -> bool:
        shown = [(values[key] == 0, values[key], key) for line in candidates for key in line if key not in hidden]
        if not shown:
            return False
        hidden.add(min(shown, key=lambda entry: entry[:2])[2])
        return True

    while True:
        changed = True
        while changed:
            changed = False
            for line in lines:
                if sum(key in hidden for key in line) == 1 and hide_next([line]):
                    changed = True
        # Every cell that can still be worked out gets a partner at once: one elimination a pass.
        known = derivable(sorted(hidden, key=repr), lines)
        if not any([hide_next(lines_of.get(key, [])) for key in known]):
            return hidden


def suppress_table(counts: Sequence[Sequence[int]], threshold: int = THRESHOLD) -> SuppressedTable:
    """Suppress a table of counts with its margins; see the module docstring for the rule."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    # The full grid with the margins: row totals in the last column, column totals in the last row.
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(counts[r][c] for r in range(rows)) for c in range(columns)] + [sum(map(sum, counts))])
    values = {(r, c): grid[r][c] for r in range(rows + 1) for c in range(columns + 1)}
    lines = [[(r, c) for c in range(columns + 1)] for r in range(rows + 1)]
    lines += [[(r, c) for r in range(rows + 1)] for c in range(columns + 1)]
    hidden = suppress_lines(values, lines, threshold)

    def cell(r: int, c: int) -> Cell:
        return Cell(grid[r][c], (r, c) in hidden)

    return SuppressedTable(
        cells=[[cell(r, c) for c in range(columns)] for r in range(rows)],
        row_totals=[cell(r, columns) for r in range(rows)],
        column_totals=[cell(rows, c) for c in range(columns)],
        total=cell(rows, columns),
    )


TOTAL = "total"


def suppress_tree(
    counts: Mapping[tuple[Any, Any], int],
    parent: Mapping[Any, Any],
    categories: Sequence[Any],
    threshold: int = THRESHOLD,
    sums: Sequence[tuple[Sequence[Any], Any]] = (),
) -> dict[tuple[Any, Any], Cell]:
    """Suppress counts by (leaf, category) over a tree of places (units in districts in the municipality).

    ``parent`` maps every node to its parent (the root to None); counts are given for leaves and
    summed up the tree, with each node's total over the categories as category ``TOTAL``. Every
    node's row and every node's children with the node itself, per category, are lines. Computing
    the whole tree at once, whoever looks at whichever node, keeps the suppression the same in every
    view: a unit's hidden count cannot be worked out from its district minus its neighbours.
    ``sums`` names categories that are the sum of others (parts, whole), e.g. a flow table's row
    total: list the whole among ``categories`` without counts of its own; its line is suppressed
    like the rest, and it is left out of the node's total.
    """
    columns = [*categories, TOTAL]
    nodes = list(parent)
    values = dict.fromkeys(((n, c) for n in nodes for c in columns), 0)
    for (leaf, category), count in counts.items():
        node: Hashable | None = leaf
        while node is not None:
            values[(node, category)] += count
            values[(node, TOTAL)] += count
            node = parent[node]
    for parts, whole in sums:  # given as categories, computed here
        for node in nodes:
            values[(node, whole)] = sum(values[(node, part)] for part in parts)
    children: dict[Hashable, list[Hashable]] = {n: [] for n in nodes}
    for node, up in parent.items():
        if up is not None:
            children[up].append(node)
    parts_of = {whole: parts for parts, whole in sums}
    lines: list[list[tuple[Hashable, Hashable]]] = [[(n, c) for c in columns if c not in parts_of] for n in nodes]
    lines += [[*((n, c) for c in parts), (n, whole)] for n in nodes for parts, whole in sums]
    lines += [[*((k, c) for k in kids), (n, c)] for n, kids in children.items() if kids for c in columns]
    hidden = suppress_lines(values, lines, threshold)
    return {key: Cell(value, key in hidden) for key, value in values.items()}


def share(part: Cell, whole: Cell) -> str:
    """``part`` as a percentage of ``whole``; hidden when either is, so a share never reveals a count."""
    if whole.value == 0:
        return "–"
    if part.hidden or whole.hidden:
        return gettext("hidden")
    return f"{round(100 * part.value / whole.value)} %"
