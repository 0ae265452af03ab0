"""Analysis schemas as data: the shipped default, loading a new version, and malformed files refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from trivsel.reviews.models import RatingScale, ReviewSchema
from trivsel.reviews.schemas import DEFAULT_SCHEMA, schema_load, schema_validate

pytestmark = pytest.mark.django_db


def test_the_default_schema_is_published_by_the_migration_with_the_seeds_themes():
    schema = ReviewSchema.objects.get(family="tidlig-indsats", version=1)
    assert schema.is_published
    assert [t.name for t in schema.themes.order_by("order")] == [
        "Tidlig opsporing", "Tværfagligt samarbejde", "Barnets perspektiv", "Forældreinddragelse og samtykke",
        "Klare mål og indsatser", "Opfølgning og evaluering", "Dokumentation", "Effekt",
    ]  # fmt: skip
    assert schema.criteria.count() == 17
    assert schema.criteria.get(code="bekymring-i-tide").question == "Blev der handlet i tide på bekymringen?"


def test_the_default_file_is_valid():
    assert schema_validate(json.loads(DEFAULT_SCHEMA.read_text(encoding="utf-8"))) == []


def test_loading_the_file_again_publishes_the_next_version_and_keeps_the_first():
    first = ReviewSchema.objects.get(family="tidlig-indsats", version=1)
    second = schema_load()
    assert (second.family, second.version, second.is_published) == ("tidlig-indsats", 2, True)
    assert second.criteria.count() == first.criteria.count() == 17
    assert set(second.criteria.values_list("code", flat=True)) == set(first.criteria.values_list("code", flat=True))


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "skema.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_malformed_file_is_refused_naming_the_file_and_every_problem(tmp_path):
    path = _write(tmp_path, {"family": "x", "name": "", "themes": [
        {"name": "A", "criteria": [{"code": "a", "question": "Q?"}, {"code": "a", "question": ""}]},
        {"name": "", "criteria": [{"code": "b", "question": "Q?", "scale": "ten"}]},
        {"name": "C", "criteria": []},
    ]})  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        schema_load(path)
    assert caught.value.messages == [
        'skema.json: "name" must not be empty',
        "skema.json: theme 1, criterion 2: code 'a' is used twice",
        'skema.json: theme 1, criterion 2: "question" must not be empty',
        'skema.json: theme 2: "name" must not be empty',
        f'skema.json: theme 2, criterion 1: "scale" must be one of {", ".join(RatingScale.values)}',
        'skema.json: theme 3: "criteria" must be a non-empty list',
    ]
    assert not ReviewSchema.objects.filter(family="x").exists()


def test_a_file_that_is_not_json_is_refused_with_its_name(tmp_path):
    path = tmp_path / "skema.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"skema\.json: not valid JSON"):
        schema_load(path)


def test_a_four_point_criterion_keeps_its_scale(tmp_path):
    path = _write(tmp_path, {"family": "fire", "name": "Fire", "themes": [
        {"name": "T", "criteria": [{"code": "k", "question": "Q?", "scale": "four"}]}]})  # fmt: skip
    assert schema_load(path).criteria.get().scale == RatingScale.FOUR
