from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from trivsel.lib.suppression import TOTAL, Cell, share, show, suppress_table, suppress_tree


def _shown(table):
    return [[str(c) for c in row] + [str(t)] for row, t in zip(table.cells, table.row_totals, strict=True)] + [
        [str(c) for c in table.column_totals] + [str(table.total)]
    ]


def test_counts_of_one_to_four_are_hidden_and_zero_and_five_are_shown():
    assert [show(n) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]


def test_a_lone_small_cell_takes_the_next_smallest_of_its_row_and_column_with_it():
    table = suppress_table([[3, 20, 30], [10, 40, 50]])
    assert _shown(table) == [
        ["<5", "<5", "30", "53"],
        ["<5", "<5", "50", "100"],
        ["13", "60", "80", "153"],
    ]


def test_a_table_without_small_counts_is_shown_whole():
    assert _shown(suppress_table([[5, 7], [0, 9]])) == [["5", "7", "12"], ["0", "9", "9"], ["5", "16", "21"]]


def test_a_small_total_is_hidden_with_its_cells():
    # One row of 3 children: the cells, the row total and the column totals all show "<5".
    assert _shown(suppress_table([[2, 1, 0]])) == [["<5", "<5", "0", "<5"], ["<5", "<5", "0", "<5"]]


def test_a_proportion_hides_the_rest_when_the_part_is_small():
    table = suppress_table([[4, 96]])
    assert _shown(table) == [["<5", "<5", "100"], ["<5", "<5", "100"]]
    with translation.override("da"):
        assert share(table.cells[0][0], table.total) == "skjult"


def test_shares_of_shown_counts():
    assert share(Cell(25, False), Cell(100, False)) == "25 %"
    assert share(Cell(0, False), Cell(0, False)) == "–"


@given(st.lists(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=5), min_size=1, max_size=6))
def test_no_shown_count_is_small_and_no_line_hides_exactly_one_cell(rows):
    width = len(rows[0])
    counts = [(row * width)[:width] for row in rows]
    table = suppress_table(counts)
    grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.total])
    for line in grid:
        assert all(c.hidden or not 0 < c.value < 5 for c in line)
        assert sum(c.hidden for c in line) != 1
    for column in zip(*grid, strict=True):
        assert sum(c.hidden for c in column) != 1
    # The values are the true counts and their sums.
    assert [c.value for c in table.row_totals] == [sum(r) for r in counts]
    assert table.total.value == sum(map(sum, counts))


def _rank(rows: list[list[Fraction]]) -> int:
    """Exact rank by Gaussian elimination."""
    matrix = [row[:] for row in rows]
    rank = 0
    columns = len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def _derivable(hidden: Sequence[Any], lines: Sequence[Sequence[Any]]) -> list[Any]:
    """Hidden cells whose value follows from the shown ones: e_i lies in the span of the lines' equations."""
    equations = [[Fraction(int(key in line)) for key in hidden] for line in lines if set(line) & set(hidden)]
    base = _rank(equations) if equations else 0
    found = []
    for index, key in enumerate(hidden):
        unit = [Fraction(int(i == index)) for i in range(len(hidden))]
        if _rank([*equations, unit]) == base:
            found.append(key)
    return found


TREE = {"kommune": None, "nord": "kommune", "syd": "kommune", "a": "nord", "b": "nord", "c": "syd", "d": "syd"}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=8, max_size=8))
def test_a_tree_shows_no_small_count_and_no_hidden_count_can_be_derived_in_any_view(counts):
    leaves = ["a", "b", "c", "d"]
    given_counts = {
        (leaf, category): counts[2 * i + j] for i, leaf in enumerate(leaves) for j, category in enumerate("xy")
    }
    cells = suppress_tree(given_counts, TREE, ["x", "y"])
    assert all(cell.hidden or not 0 < cell.value < 5 for cell in cells.values())
    assert cells[("kommune", TOTAL)].value == sum(counts)
    assert cells[("nord", "x")].value == counts[0] + counts[2]
    columns = ["x", "y", TOTAL]
    lines = [[(n, c) for c in columns] for n in TREE]
    for node in ("kommune", "nord", "syd"):
        kids = [k for k, up in TREE.items() if up == node]
        lines += [[*((k, c) for k in kids), (node, c)] for c in columns]
    hidden = [key for key, cell in cells.items() if cell.hidden]
    assert _derivable(hidden, lines) == []


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=12), min_size=3, max_size=3), min_size=2, max_size=4))
def test_no_hidden_cell_of_a_table_can_be_derived_from_the_shown_cells_and_totals(rows):
    table = suppress_table(rows)
    grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.total])
    keys = [(r, c) for r in range(len(grid)) for c in range(len(grid[0]))]
    lines = [[(r, c) for c in range(len(grid[0]))] for r in range(len(grid))]
    lines += [[(r, c) for r in range(len(grid))] for c in range(len(grid[0]))]
    hidden = [key for key in keys if grid[key[0]][key[1]].hidden]
    assert _derivable(hidden, lines) == []
