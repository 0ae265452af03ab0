"""Test data for questionnaires: the shipped instruments (loaded by migration), consent, requests."""

from __future__ import annotations

import datetime
from typing import Any

from trivsel.consent.models import Purpose
from trivsel.lib.time import today
from trivsel.questionnaires.models import Instrument
from trivsel.testing import factories as f

PARENT = "sdq-parent-4-17"
TEACHER = "sdq-teacher-4-17"


def instrument(code: str = PARENT) -> Instrument:
    return Instrument.objects.get(code=code)


def questionnaire_consent(cast: Any) -> Any:
    """The mother's consent to questionnaires, in force from a month ago for a year."""
    return f.ConsentFactory(
        child=cast.child, guardian=cast.mother, recorded_by=cast.pedagogue, purpose=Purpose.QUESTIONNAIRES,
        valid_from=today() - datetime.timedelta(days=30), valid_until=today() + datetime.timedelta(days=335),
    )  # fmt: skip


def all_answers(value: int, items: int = 25) -> dict[str, int]:
    return {str(n): value for n in range(1, items + 1)}
