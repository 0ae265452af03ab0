"""Test data for screening: the default scale (also after a live-server test flushed it) and a round."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from trivsel.lib.time import today
from trivsel.screening.models import Position, PositionScale, Rating, Screening, ScreeningRound
from trivsel.screening.scale import position_scale_load


def default_scale() -> PositionScale:
    """The data migration's TOPI scale; a transactional test's flush removes it, so make sure."""
    scale = PositionScale.objects.filter(is_active=True).first()
    return scale or position_scale_load()


def position(scale: PositionScale, code: str) -> Position:
    return scale.positions.get(code=code)


def make_round(unit: Any, opened_by: Any, **fields: Any) -> ScreeningRound:
    values: dict[str, Any] = {
        "name": "Efterår 2026",
        "scale": default_scale(),
        "opened_on": today() - datetime.timedelta(days=7),
        "deadline": today() + datetime.timedelta(days=21),
    }
    values.update(fields)
    return ScreeningRound.objects.create(unit=unit, opened_by=opened_by, **values)


def make_spring_round(unit: Any, opened_by: Any, **fields: Any) -> ScreeningRound:
    """ "Forår 2026", opened 2 March and closed 2 April 2026."""
    values: dict[str, Any] = {
        "name": "Forår 2026",
        "opened_on": datetime.date(2026, 3, 2),
        "deadline": datetime.date(2026, 4, 1),
        "closed_at": datetime.datetime(2026, 4, 2, 12, tzinfo=datetime.UTC),
    }
    values.update(fields)
    return make_round(unit, opened_by, **values)


def make_rating(screening_round: ScreeningRound, child: Any, rater: Any, code: str, **fields: Any) -> Rating:
    return Rating.objects.create(
        round=screening_round, child=child, rater=rater, position=position(screening_round.scale, code), **fields
    )


def make_screening(
    screening_round: ScreeningRound, child: Any, group: Any, agreed_by: Any, code: str, **fields: Any
) -> Screening:
    return Screening.objects.create(
        round=screening_round,
        child=child,
        group=group,
        agreed_by=agreed_by,
        agreed_at=timezone.now(),
        position=position(screening_round.scale, code),
        **fields,
    )
