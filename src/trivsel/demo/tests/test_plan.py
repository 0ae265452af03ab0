from __future__ import annotations

import datetime

from trivsel.demo.plan import grade_of, plan_demo, school_year


def test_the_school_year_starts_on_the_first_of_august():
    assert school_year(datetime.date(2025, 7, 31)) == 2024
    assert school_year(datetime.date(2025, 8, 1)) == 2025


def test_a_child_starts_school_in_august_of_the_year_it_turns_six():
    born = datetime.date(2019, 11, 30)
    assert grade_of(born, datetime.date(2025, 7, 31)) == -1
    assert grade_of(born, datetime.date(2025, 8, 1)) == 0  # 5 years old, in 0. klasse
    assert grade_of(born, datetime.date(2035, 6, 1)) == 9


def test_the_same_seed_and_day_give_the_same_plan():
    day = datetime.date(2025, 3, 1)
    first = plan_demo(children=120, seed=7, today=day)
    again = plan_demo(children=120, seed=7, today=day)
    other = plan_demo(children=120, seed=8, today=day)
    assert [(c.first, c.last, c.birth, c.placements) for c in first.children] == [
        (c.first, c.last, c.birth, c.placements) for c in again.children
    ]
    assert [c.birth for c in first.children] != [c.birth for c in other.children]
    assert [u.username for u in first.users] == [u.username for u in again.users]


def test_districts_scale_with_the_number_of_children():
    day = datetime.date(2025, 3, 1)
    assert len(plan_demo(children=100, seed=1, today=day).districts) == 2
    assert len(plan_demo(children=30_000, seed=1, today=day).districts) == 4
