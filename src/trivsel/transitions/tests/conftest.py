from __future__ import annotations

import pytest

from trivsel.transitions.testing import School, make_school


@pytest.fixture
def school(db: None) -> School:
    return make_school()
