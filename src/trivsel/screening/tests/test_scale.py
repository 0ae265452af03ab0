from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from trivsel.screening.models import PositionScale
from trivsel.screening.scale import DATA, DEFAULT_SCALE, active_scale, position_scale_load, position_scale_validate

FIVE: dict[str, Any] = {
    "name": "Børnelinealen (fem positioner)",
    "source": "Testkommune",
    "positions": [
        {"code": "p1", "name": "Trivsel", "colour": "green"},
        {"code": "p2", "name": "Let sårbar", "colour": "lightgreen"},
        {"code": "p3", "name": "Sårbar", "colour": "yellow", "needs_next_step": True},
        {"code": "p4", "name": "Udsat", "colour": "orange", "needs_next_step": True},
        {"code": "p5", "name": "Truet", "colour": "red", "needs_next_step": True},
    ],
    "dimensions": [],
}


def test_the_migration_loaded_topi_with_three_positions_and_four_dimensions(db):
    scale = active_scale()
    assert scale is not None
    assert [(p.order, p.code, p.name, p.colour, p.needs_next_step) for p in scale.positions.all()] == [
        (1, "groen", "Grøn", "green", False),
        (2, "gul", "Gul", "yellow", True),
        (3, "roed", "Rød", "red", True),
    ]
    assert [d.name for d in scale.dimensions.all()] == [
        "Sociale kompetencer",
        "Tryghed og omsorg fra voksne",
        "Deltagelse som ligeværdig i fællesskaber",
        "Positivt selvværd",
    ]


def test_a_five_position_scale_replaces_the_active_one_and_keeps_the_old(db, tmp_path):
    old = active_scale()
    path = tmp_path / "five.json"
    path.write_text(json.dumps(FIVE), encoding="utf-8")
    scale = position_scale_load(path)
    assert active_scale() == scale
    assert [p.name for p in scale.positions.all()] == ["Trivsel", "Let sårbar", "Sårbar", "Udsat", "Truet"]
    assert [p.needs_next_step for p in scale.positions.all()] == [False, False, True, True, True]
    assert old is not None and PositionScale.objects.filter(pk=old.pk, is_active=False).exists()


@pytest.mark.parametrize("path", sorted(DATA.glob("scale_*.json")), ids=lambda p: p.name)
def test_the_shipped_scales_are_valid(path):
    assert position_scale_validate(json.loads(path.read_text(encoding="utf-8"))) == []


def test_every_problem_is_named(db):
    data = {
        "name": " ",
        "positions": [
            {"code": "Grøn", "name": "Grøn", "colour": "green"},
            {"code": "gul", "name": "", "colour": "pink", "needs_next_step": "yes"},
            {"code": "gul", "name": "Rød", "colour": "red", "shade": 3},
        ],
        "dimensions": "social",
        "extra": 1,
    }
    assert position_scale_validate(data) == [
        '"name" must not be empty',
        "position 1: code 'Grøn' must be lower-case letters, digits and hyphens",
        "position 2 (gul): name must not be empty",
        "position 3: code 'gul' is used twice",
        "position 3 (gul): unknown keys shade",
        '"dimensions" must be a list (it may be empty)',
        "unknown keys extra",
    ]


def test_colours_and_flags_are_checked_once_the_entry_is_well_formed():
    data = {
        **FIVE,
        "positions": [
            {"code": "a", "name": "A", "colour": "pink"},
            {"code": "b", "name": "B", "colour": "red", "needs_next_step": "yes"},
        ],
    }
    assert position_scale_validate(data) == [
        "position 1 (a): colour must be one of green, lightgreen, yellow, orange, red, darkred, grey",
        "position 2 (b): needs_next_step must be true or false",
    ]


def test_the_best_position_cannot_need_a_next_step_and_the_count_is_bounded():
    best = {**FIVE, "positions": [{**FIVE["positions"][2]}, FIVE["positions"][0]]}
    assert position_scale_validate(best) == ["position 1: the best position cannot need a next step"]
    one = {**FIVE, "positions": FIVE["positions"][:1]}
    assert position_scale_validate(one) == ['"positions" must be a list of 2 to 7 positions, best first']


def test_an_invalid_file_changes_nothing_and_names_the_file(db, tmp_path):
    before = active_scale()
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({**FIVE, "positions": []}), encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        position_scale_load(path)
    assert error.value.messages == ['broken.json: "positions" must be a list of 2 to 7 positions, best first']
    assert active_scale() == before


def test_a_file_that_is_not_json_is_refused(db, tmp_path):
    path = tmp_path / "notjson.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError, match="not valid JSON"):
        position_scale_load(path)
    with pytest.raises(ValidationError, match="file not found"):
        position_scale_load(tmp_path / "missing.json")


def test_the_default_is_topi():
    assert DEFAULT_SCALE.name == "scale_topi.json"
