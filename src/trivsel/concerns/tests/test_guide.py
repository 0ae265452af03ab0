from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from trivsel.concerns.guide import DEFAULT_GUIDE, action_guide_load
from trivsel.concerns.models import ActionGuide, ActionGuideStep


def _steps(level: str) -> list[str]:
    return list(ActionGuideStep.objects.filter(level__code=level).order_by("order").values_list("code", flat=True))


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "guide.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _small_guide(**levels: list[dict[str, Any]]) -> dict[str, object]:
    return {"name": "Egen guide", "levels": levels}


def test_the_migrations_load_the_default_guide_with_notification_only_for_a_big_concern(levels):
    assert _steps("lille") == ["tal-med-foraeldrene", "observer-og-noter", "droeft-med-lederen"]
    assert _steps("middel") == [
        "tal-med-foraeldrene",
        "observer-og-noter",
        "droeft-med-lederen",
        "samtykke-og-distriktsteam",
    ]
    assert _steps("stor") == ["droeft-med-lederen", "tal-med-foraeldrene", "underret", "samtykke-og-distriktsteam"]
    notify = ActionGuideStep.objects.get(level__code="stor", code="underret")
    assert (notify.title, notify.action) == ("Underret kommunen", "notify")
    assert list(ActionGuideStep.objects.exclude(action="").values_list("code", flat=True)) == ["underret"]


def test_loading_a_guide_replaces_the_old_one(levels, tmp_path):
    path = _write(tmp_path, _small_guide(lille=[{"code": "a", "title": "Trin A", "guidance": "Gør A"}]))
    guide = action_guide_load(path)
    assert list(ActionGuide.objects.all()) == [guide]
    assert guide.name == "Egen guide"
    assert list(ActionGuideStep.objects.values_list("level__code", "order", "code", "title", "guidance")) == [
        ("lille", 1, "a", "Trin A", "Gør A")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _small_guide(kæmpe=[{"code": "a", "title": "A"}]),
            "level 'kæmpe': unknown level code (known: lille, middel, stor)",
        ),
        (
            _small_guide(lille=[{"code": "a", "title": "A"}, {"code": "a", "title": "B"}]),
            "level 'lille', step 2: code 'a' is used twice in this level",
        ),
        (_small_guide(stor=[{"code": "a", "title": "  "}]), "level 'stor', step 1 (a): title must not be empty"),
        (
            _small_guide(stor=[{"code": "Ring Op", "title": "A"}]),
            "level 'stor', step 1: code 'Ring Op' must be lower-case letters, digits and hyphens",
        ),
        (_small_guide(middel=[]), "level 'middel': must be a non-empty list of steps"),
        (
            _small_guide(lille=[{"code": "a", "title": "A", "frist": 3}]),
            "level 'lille', step 1 (a): unknown keys frist",
        ),
        (
            _small_guide(stor=[{"code": "a", "title": "A", "action": "ring"}]),
            "level 'stor', step 1 (a): action must be one of '', 'notify'",
        ),
        ({"name": "x"}, 'the file must be an object with "name" and "levels"'),
    ],
)
def test_an_invalid_guide_is_refused_with_a_clear_message_and_nothing_changes(levels, tmp_path, data, message):
    before = list(ActionGuideStep.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as caught:
        action_guide_load(_write(tmp_path, data))
    assert caught.value.messages == [message]
    assert list(ActionGuideStep.objects.values_list("pk", flat=True)) == before


def test_a_file_that_is_not_json_is_refused(levels, tmp_path):
    path = tmp_path / "guide.json"
    path.write_text("{nope", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        action_guide_load(path)
    assert caught.value.messages[0].startswith(f"{path}: not valid JSON (")


def test_the_command_loads_the_default_guide(levels):
    out = StringIO()
    call_command("load_action_guide", stdout=out)
    assert out.getvalue() == "Loaded 'Fra bekymring til handling': 11 steps.\n"
    assert ActionGuide.objects.get().source == str(DEFAULT_GUIDE)


def test_the_command_names_every_problem_and_keeps_the_old_guide(levels, tmp_path):
    path = _write(tmp_path, _small_guide(lille=[{"code": "a", "title": ""}], enorm=[{"code": "b", "title": "B"}]))
    with pytest.raises(CommandError) as caught:
        call_command("load_action_guide", str(path))
    assert str(caught.value) == (
        "The action guide was not loaded:\n"
        "level 'lille', step 1 (a): title must not be empty\n"
        "level 'enorm': unknown level code (known: lille, middel, stor)"
    )
    assert ActionGuideStep.objects.count() == 11


def test_the_command_reports_a_missing_file(levels, tmp_path):
    with pytest.raises(CommandError, match=r"guide\.json: file not found"):
        call_command("load_action_guide", str(tmp_path / "guide.json"))
