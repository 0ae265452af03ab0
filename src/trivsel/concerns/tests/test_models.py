from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from trivsel.concerns.models import Concern
from trivsel.concerns.tests.factories import make_concern, make_step


def test_the_levels_are_ordered_from_small_to_big(levels):
    assert [str(level) for level in levels["lille"]._meta.model.objects.all()] == [
        "Lille bekymring",
        "Middel bekymring",
        "Stor bekymring",
    ]


def test_a_concern_names_its_areas_in_english_and_skips_unknown_ones(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["middel"], areas=["fremmoede", "laering", "gammel"])
    assert concern.area_labels() == ["Attendance", "Learning"]
    assert str(concern) == "Middel bekymring · Emma Nielsen"


def test_a_closed_concern_must_have_a_closing_time(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(status="closed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(closed_at=timezone.now())


def test_a_step_is_recorded_once_per_concern(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    make_step(concern, cast.pedagogue)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_step(concern, cast.leader)
