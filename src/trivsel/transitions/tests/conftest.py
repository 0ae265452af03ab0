from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from trivsel.transitions.testing import School, make_school


@pytest.fixture
def school(db: None) -> School:
    return make_school()


@pytest.fixture(autouse=True)
def _danish() -> Iterator[None]:
    """Services speak Danish by default; a test client request in English before must not change that."""
    with translation.override("da"):
        yield
