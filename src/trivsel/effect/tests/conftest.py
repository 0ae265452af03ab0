"""A small municipality for the dashboard: two districts, three units, 22 children.

Nord: Solsikken (the cast's unit: Emma and 11 more) and Mælkebøtten (7); Syd: Skolen (3).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from trivsel.organisation.models import Role, UnitKind
from trivsel.testing import factories as f


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass(frozen=True)
class Town:
    cast: Any
    north: Any
    south: Any
    other_unit: Any
    school: Any
    solsikken: list[Any]  # Emma first
    maelkeboetten: list[Any]
    skolen: list[Any]
    analyst: Any
    district_analyst: Any
    adviser: Any


@pytest.fixture
def town(cast: Any) -> Town:
    north = cast.unit.district
    north.name = "Nord"
    north.save()
    south = f.DistrictFactory(name="Syd", municipality=north.municipality)
    other_unit = f.UnitFactory(name="Mælkebøtten", district=north)
    other_group = f.GroupFactory(unit=other_unit, name="Gule")
    school = f.UnitFactory(name="Skolen", district=south, kind=UnitKind.SCHOOL)
    school_group = f.GroupFactory(unit=school, name="0.A")
    solsikken = [cast.child]
    for _n in range(11):
        child = f.ChildFactory()
        f.EnrolmentFactory(child=child, group=cast.group)
        solsikken.append(child)
    maelkeboetten = [f.EnrolmentFactory(group=other_group).child for _n in range(7)]
    skolen = [f.EnrolmentFactory(group=school_group).child for _n in range(3)]
    analyst = f.MembershipFactory(role=Role.ANALYST, unit=None, group=None, user__username="ana").user
    district_analyst = f.MembershipFactory(role=Role.ANALYST, unit=None, group=None, district=south).user
    adviser = f.MembershipFactory(role=Role.DISTRICT_ADVISER, unit=None, group=None, district=north).user
    return Town(
        cast, north, south, other_unit, school, solsikken, maelkeboetten, skolen, analyst, district_analyst, adviser
    )
