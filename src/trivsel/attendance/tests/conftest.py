from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import translation

from trivsel.accounts.models import User
from trivsel.attendance.testing import ALMA, BO, CARL, make_pupil, make_school
from trivsel.children.models import Child
from trivsel.organisation.models import Group, Unit
from trivsel.testing import factories as f


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted by their English ids; outside a request Danish is active."""
    with translation.override("en"):
        yield


@dataclass
class School:
    """Skovskolen: Sofie leads it, Tom teaches 7.a, where Alma, Bo and Carl are pupils."""

    unit: Unit
    group: Group
    leader: User
    teacher: User
    alma: Child
    bo: Child
    carl: Child


@pytest.fixture
def school(cast) -> School:
    leader = f.UserFactory(username="sofie")
    group = make_school(cast.unit.district, leader=leader)
    teacher = f.MembershipFactory(group=group, user__username="tom").user
    return School(
        unit=group.unit,
        group=group,
        leader=leader,
        teacher=teacher,
        alma=make_pupil(group, ALMA, "Alma"),
        bo=make_pupil(group, BO, "Bo"),
        carl=make_pupil(group, CARL, "Carl"),
    )
