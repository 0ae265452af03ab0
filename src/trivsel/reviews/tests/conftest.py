"""A review lead, reviewers, and children with a concern in the last year to sample from."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from trivsel.children.models import Child
from trivsel.concerns.models import Concern
from trivsel.concerns.testing import default_levels_and_guide
from trivsel.lib.time import today
from trivsel.organisation.models import Role
from trivsel.reviews import services
from trivsel.reviews.models import ReviewRound, ReviewSchema, SamplingMethod
from trivsel.reviews.testing import default_schema
from trivsel.testing import factories as f


@dataclass(frozen=True)
class Team:
    lead: Any
    reviewers: list[Any]
    children: list[Child]
    schema: ReviewSchema


@pytest.fixture
def team(db: None) -> Team:
    lead = f.MembershipFactory(role=Role.REVIEW_LEAD, unit=None, group=None, user__username="rikke").user
    reviewers = [
        f.MembershipFactory(role=Role.REVIEWER, unit=None, group=None, user__username=name).user
        for name in ("bo", "ida")
    ]
    level = default_levels_and_guide()["lille"]
    group = f.GroupFactory()
    reporter = f.MembershipFactory(group=group).user
    children: list[Child] = []
    for n in range(12):
        child: Child = f.ChildFactory(first_name=f"Barn{n}")
        f.EnrolmentFactory(child=child, group=group)
        Concern.objects.create(
            child=child, reported_by=reporter, level=level, observed_on=today() - datetime.timedelta(days=10 + n),
            description="Synthetic", areas=["trivsel"],
        )  # fmt: skip
        children.append(child)
    schema = default_schema()
    return Team(lead=lead, reviewers=reviewers, children=children, schema=schema)


def plan(team: Team, **changes: Any) -> services.RoundPlan:
    values: dict[str, Any] = {
        "name": "Sagsgennemgang 2026", "schema": team.schema, "period_start": today() - relativedelta(months=6),
        "period_end": today(), "method": SamplingMethod.RANDOM, "sample_size": 6, "seed": 42,
        "ends_on": today() + relativedelta(months=1), "reviewer_ids": [u.pk for u in team.reviewers],
    }  # fmt: skip
    values.update(changes)
    return services.RoundPlan(**values)


def open_round(team: Team, **changes: Any) -> ReviewRound:
    return services.round_create(actor=team.lead, plan=plan(team, **changes))
