from __future__ import annotations

import pytest

from trivsel.questionnaires.change import (
    AddedValueFormula,
    ChangeConfig,
    Direction,
    GroupAddedValue,
    added_value,
    group_added_value,
    reliable_change,
    reliable_change_index,
)

PARENT_TOTAL = ChangeConfig(sd=5.7, reliability=0.82)
GOODMAN = AddedValueFormula(constant=2.3, baseline_total=0.8, baseline_impact=0.2, baseline_emotional=-0.3)


def test_the_reliable_change_index_is_jacobson_truax():
    # √2 · 5.7 · √(1 − 0.82) = 3.420006…; (12 − 20) / 3.420006 = −2.339…
    assert reliable_change_index(20, 12, PARENT_TOTAL) == -2.34
    assert reliable_change_index(15, 12, PARENT_TOTAL) == -0.88
    assert reliable_change_index(12, 12, PARENT_TOTAL) == 0
    assert reliable_change_index(10, 30, ChangeConfig(sd=5.2, reliability=0.80)) == 6.08  # 20 / 3.2888


@pytest.mark.parametrize(
    ("scale", "before", "after", "direction"),
    [
        ("total", 20, 12, Direction.IMPROVED),  # fewer difficulties, beyond 1.96
        ("total", 12, 20, Direction.WORSENED),
        ("total", 15, 12, Direction.NO_RELIABLE_CHANGE),
        ("total", 13, 20, Direction.WORSENED),  # 7 / 3.42 = 2.05
        ("total", 14, 20, Direction.NO_RELIABLE_CHANGE),  # 6 / 3.42 = 1.75
        ("prosocial", 2, 9, Direction.IMPROVED),  # more prosocial behaviour is better
        ("prosocial", 9, 2, Direction.WORSENED),
    ],
)
def test_the_direction_of_a_reliable_change(scale, before, after, direction):
    change = reliable_change(scale, before, after, PARENT_TOTAL)
    assert change.direction == direction
    assert change.difference == after - before


def test_added_value_is_the_predicted_follow_up_total_minus_the_actual():
    baseline = {"total": 20, "impact": 4, "emotional": 6}
    # 2.3 + 0.8·20 + 0.2·4 − 0.3·6 = 17.3; follow-up 14: 3.3 better than predicted
    assert added_value(GOODMAN, baseline, {"total": 14}) == 3.3
    assert added_value(GOODMAN, baseline, {"total": 20}) == -2.7
    assert added_value(GOODMAN, {**baseline, "impact": None}, {"total": 14}) is None
    assert added_value(GOODMAN, baseline, {"total": None}) is None


def test_a_groups_added_value_has_a_95_percent_confidence_interval():
    # mean 2; sample SD √5; 1.96 · √5 / √5 = 1.96
    assert group_added_value([3.0, -1.0, 2.0, 1.0, 5.0]) == GroupAddedValue(5, 2.0, 0.0, 4.0)
    assert group_added_value([2.5]) == GroupAddedValue(1, 2.5, None, None)
    assert group_added_value([]) is None
