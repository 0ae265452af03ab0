from __future__ import annotations

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from trivsel.lib.suppression import Cell, share, show, suppress_table


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
