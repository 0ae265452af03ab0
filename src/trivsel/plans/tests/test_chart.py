from __future__ import annotations

import datetime

from trivsel.lib.linechart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH
from trivsel.plans.chart import goal_chart
from trivsel.plans.models import Goal, ProgressEntry


def _entry(day: int, rater: str, value: int) -> ProgressEntry:
    return ProgressEntry(rater=rater, value=value, recorded_on=datetime.date(2026, 11, day))


def test_points_are_placed_by_date_and_value_one_line_per_rater():
    goal = Goal(scale="0-10", target=8)
    chart = goal_chart(goal, [_entry(1, "professional", 2), _entry(11, "professional", 6), _entry(21, "parent", 10)])
    professional, parent = chart.series
    assert (professional.key, parent.key) == ("professional", "parent")
    usable_x, usable_y = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    assert [(p.x, p.y) for p in professional.points] == [
        (LEFT, HEIGHT - BOTTOM - 2 * usable_y / 10),
        (LEFT + usable_x / 2, HEIGHT - BOTTOM - 6 * usable_y / 10),
    ]
    assert (parent.points[0].x, parent.points[0].y) == (WIDTH - RIGHT, TOP)
    assert chart.target_y == HEIGHT - BOTTOM - 8 * usable_y / 10
    assert [t.value for t in chart.ticks] == [0, 2, 4, 6, 8, 10]
    assert (chart.first, chart.last) == (datetime.date(2026, 11, 1), datetime.date(2026, 11, 21))


def test_goal_attainment_scaling_runs_from_minus_two_to_two_and_a_single_rating_is_centred():
    chart = goal_chart(Goal(scale="gas", target=0), [_entry(5, "child", -1)])
    (series,) = chart.series
    assert series.points[0].x == (LEFT + WIDTH - RIGHT) / 2
    assert [t.value for t in chart.ticks] == [-2, -1, 0, 1, 2]
    assert chart.target_y == (TOP + HEIGHT - BOTTOM) / 2


def test_no_ratings_no_lines():
    chart = goal_chart(Goal(scale="0-10", target=7), [])
    assert (chart.series, chart.first) == ([], None)
