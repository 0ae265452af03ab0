from __future__ import annotations

import datetime
from typing import Any

from trivsel.concerns.models import Concern, ConcernLevel, ConcernStep


def make_concern(child: Any, reported_by: Any, level: ConcernLevel, **fields: Any) -> Concern:
    values: dict[str, Any] = {
        "observed_on": datetime.date(2026, 11, 2),
        "description": "Græder ved aflevering",
        "areas": ["trivsel"],
    }
    values.update(fields)
    return Concern.objects.create(child=child, reported_by=reported_by, level=level, **values)


def make_step(concern: Concern, done_by: Any, code: str = "tal-med-foraeldrene", **fields: Any) -> ConcernStep:
    values: dict[str, Any] = {"step_title": "Tal med forældrene", "done_on": datetime.date(2026, 11, 3)}
    values.update(fields)
    return ConcernStep.objects.create(concern=concern, done_by=done_by, step_code=code, **values)
