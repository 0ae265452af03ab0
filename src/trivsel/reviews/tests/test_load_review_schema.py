"""The command that publishes a municipality's analysis schema file."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trivsel.reviews.models import ReviewSchema

pytestmark = pytest.mark.django_db


def test_the_built_in_file_is_published_as_the_next_version():
    out = io.StringIO()
    call_command("load_review_schema", stdout=out)
    assert out.getvalue().strip().endswith("version 2: 17 criteria.")
    assert ReviewSchema.objects.filter(family="tidlig-indsats").count() == 2


def test_an_invalid_file_is_refused_with_its_problems(tmp_path):
    path = tmp_path / "mit-skema.json"
    path.write_text(json.dumps({"family": "x", "name": "X", "themes": []}), encoding="utf-8")
    with pytest.raises(CommandError, match=r'mit-skema\.json: "themes" must be a non-empty list'):
        call_command("load_review_schema", str(path))
