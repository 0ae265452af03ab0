from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from trivsel.concerns.models import ConcernLevel
from trivsel.concerns.testing import default_levels_and_guide


@pytest.fixture
def levels(db: None) -> dict[str, ConcernLevel]:
    return default_levels_and_guide()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Services' messages are asserted by their English ids; outside a request Danish is active."""
    with translation.override("en"):
        yield
