from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from trivsel.questionnaires.instruments import DATA, instrument_read, instrument_validate, shipped


def _data():
    return json.loads((DATA / "sdq-parent-4-17.json").read_text(encoding="utf-8"))


def test_the_five_sdq_versions_ship_and_are_valid():
    assert [(d.code, d.informant, d.age_from, d.age_to, d.norms is not None) for d in shipped()] == [
        ("sdq-parent-2-4", "parent", 2, 4, False),
        ("sdq-parent-4-17", "parent", 4, 17, True),
        ("sdq-self-11-17", "self", 11, 17, True),
        ("sdq-teacher-2-4", "teacher", 2, 4, False),
        ("sdq-teacher-4-17", "teacher", 4, 17, True),
    ]


def test_no_item_text_is_shipped():
    for path in DATA.glob("sdq-*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["items"] == 25 and all(set(s) == {"code", "label", "items"} for s in data["scales"])
        assert "texts" not in data and "text" not in json.dumps(data["scales"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(kind="bdi"), '"kind" must be one of sdq'),
        (
            lambda d: d["scales"][0].update(items=[3, 8, 13, 16, 26]),
            "scale 'emotional': items [26] are not item numbers 1 to 25",
        ),
        (
            lambda d: d["scales"][1].update(items=[3, 7, 12, 18, 22]),
            "scale 'conduct': items [3] are already in another scale",
        ),
        (
            lambda d: d["norms"]["bands"].update(total=[[0, 13], [15, 16], [17, 19], [20, 40]]),
            "norms: the bands of 'total' leave a gap or overlap at 13–15",
        ),
        (
            lambda d: d["norms"]["bands"].update(emotional=[[0, 3], [4, 10]]),
            "norms: 'emotional' must have 4 bands of [from, to]",
        ),
        (
            lambda d: d["composites"][0].update(scales=["emotional", "mood"]),
            "composite 'total': unknown scales ['mood']",
        ),
        (
            lambda d: d["norms"]["bands"].update(impact=[[0, 0], [1, 1], [2, 2], [3, 6]]),
            "norms: the bands of 'impact' must run from 0 to 10",
        ),
        (lambda d: d.update(reverse=[7, 30]), '"reverse" must list item numbers 1 to 25'),
        (lambda d: d.update(colour="blue"), "unknown key 'colour'"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_file_and_the_problem(tmp_path, change, message):
    data = _data()
    change(data)
    assert message in instrument_validate(data)
    path = tmp_path / "sdq-broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        instrument_read(path)
    assert f"sdq-broken.json: {message}" in error.value.messages


def test_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError, match="not valid JSON"):
        instrument_read(path)
