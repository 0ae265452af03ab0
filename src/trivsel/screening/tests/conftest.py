from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from trivsel.screening.models import PositionScale
from trivsel.screening.testing import default_scale


@pytest.fixture
def scale(db: None) -> PositionScale:
    return default_scale()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Services' messages are asserted by their English ids; outside a request Danish is active."""
    with translation.override("en"):
        yield
