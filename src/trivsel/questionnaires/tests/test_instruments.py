from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from trivsel.questionnaires.change import AddedValueFormula
from trivsel.questionnaires.instruments import DATA, instrument_read, instrument_validate, shipped


def _data():
    return json.loads((DATA / "sdq-parent-4-17.json").read_text(encoding="utf-8"))


def test_the_five_sdq_versions_and_the_two_experience_questionnaires_ship_and_are_valid():
    assert [(d.code, d.kind, d.informant, d.age_from, d.age_to, d.norms is not None) for d in shipped()] == [
        ("family-experience-parent", "experience", "parent", 0, 17, False),
        ("family-experience-self", "experience", "self", 11, 17, False),
        ("sdq-parent-2-4", "sdq", "parent", 2, 4, False),
        ("sdq-parent-4-17", "sdq", "parent", 4, 17, True),
        ("sdq-self-11-17", "sdq", "self", 11, 17, True),
        ("sdq-teacher-2-4", "sdq", "teacher", 2, 4, False),
        ("sdq-teacher-4-17", "sdq", "teacher", 4, 17, True),
    ]


def test_the_reliable_change_configuration_is_the_norms_sd_and_reliability_of_the_total():
    by_code = {d.code: d for d in shipped()}
    assert {code: (d.norms.change["total"].sd, d.norms.change["total"].reliability) for code, d in by_code.items()
            if d.norms is not None} == {
        "sdq-parent-4-17": (5.7, 0.82), "sdq-self-11-17": (5.2, 0.80), "sdq-teacher-4-17": (5.9, 0.87),
    }  # fmt: skip
    added = by_code["sdq-parent-4-17"].added_value
    assert added is not None and (added.months_from, added.months_to) == (4, 8)
    assert added.formula == AddedValueFormula(2.3, 0.8, 0.2, -0.3)
    assert [code for code, d in by_code.items() if d.added_value is not None] == ["sdq-parent-4-17"]


def test_an_experience_questionnaire_carries_its_own_texts():
    definition = next(d for d in shipped() if d.code == "family-experience-parent")
    assert definition.impact is None and definition.scale_maximum == 100 and len(definition.texts) == 6
    assert definition.texts["1"] == "Den hjælp, vi får, giver mening for os."


def test_no_item_text_is_shipped():
    for path in DATA.glob("sdq-*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["items"] == 25 and all(set(s) == {"code", "label", "items"} for s in data["scales"])
        assert "texts" not in data and "text" not in json.dumps(data["scales"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(kind="bdi"), '"kind" must be one of sdq, experience'),
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
        (
            lambda d: d["norms"].update(change={"total": {"sd": 0, "reliability": 0.8}}),
            'norms: change: \'total\' needs an "sd" above 0 and a "reliability" between 0 and 1',
        ),
        (
            lambda d: d["norms"].update(change={"mood": {"sd": 5, "reliability": 0.8}}),
            "norms: change: 'mood' is not a scale or score of the instrument",
        ),
        (
            lambda d: d["added_value"].update(months_from=9),
            '"added_value": "months_from" must be above 0 and not after "months_to"',
        ),
        (
            lambda d: d["added_value"].pop("constant"),
            '"added_value" must give exactly baseline_emotional, baseline_impact, baseline_total, constant, '
            "months_from, months_to",
        ),
        (
            lambda d: d.update(texts={"1": "Kan godt lide dyr"}),
            '"texts": an SDQ file must not hold item texts (load them with load_instrument_texts)',
        ),
        (lambda d: d.update(impact=None), '"impact" must give its items and answers with points'),
        (lambda d: d.update(kind="experience"), "\"impact\" belongs to the SDQ, not to kind 'experience'"),
        (lambda d: d.update(kind="experience"), '"texts" must give the text of each item 1 to 25'),
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
