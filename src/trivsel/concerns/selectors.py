"""Reading concerns: the child's list, and one concern with where it stands in the action guide.

"Days since raised" counts from ``observed_on`` — the day the professional saw what worried
them — not from when it was typed in, so a concern noted a week late is a week older.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, QuerySet, Value, When
from django.http import Http404

from trivsel.accounts.models import User
from trivsel.children.access import can
from trivsel.children.models import Child
from trivsel.concerns.models import ActionGuideStep, Concern, ConcernLevel, ConcernStep, Status
from trivsel.lib.time import today


@dataclass(frozen=True)
class ConcernRow:
    concern: Concern
    days_open: int


@dataclass(frozen=True)
class GuideStepState:
    """One recommended step and, when done, the record of it."""

    step: ActionGuideStep
    done: ConcernStep | None


@dataclass(frozen=True)
class ConcernState:
    concern: Concern
    days_open: int
    steps: list[GuideStepState]
    # Steps recorded under an earlier guide whose code the current guide no longer has.
    other_done: list[ConcernStep]

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.done is not None)


def days_since_raised(concern: Concern, on: datetime.date | None = None) -> int:
    return ((on or today()) - concern.observed_on).days


def concern_levels() -> QuerySet[ConcernLevel]:
    return ConcernLevel.objects.order_by("order", "id")


def child_concerns(child: Child, on: datetime.date | None = None) -> list[ConcernRow]:
    """The child's concerns, open ones first, newest first. The caller has checked access."""
    open_first = Case(When(status=Status.OPEN, then=Value(0)), default=Value(1))
    concerns = Concern.objects.filter(child=child).select_related("level").order_by(open_first, "-observed_on", "-id")
    return [ConcernRow(concern=c, days_open=days_since_raised(c, on)) for c in concerns]


def concern_get(*, child: Child, concern_id: int) -> Concern:
    """The concern, only under its own child: another child's id answers the same 404 as a missing one."""
    concern = Concern.objects.select_related("level", "reported_by", "child").filter(pk=concern_id, child=child).first()
    if concern is None:
        raise Http404
    return concern


def concern_state(concern: Concern, on: datetime.date | None = None) -> ConcernState:
    """Where the concern stands: the guide's steps for its level, and which are done (when, by whom)."""
    done = {s.step_code: s for s in concern.steps.select_related("done_by")}
    guide_steps = list(ActionGuideStep.objects.filter(level_id=concern.level_id).order_by("order", "id"))
    codes = {s.code for s in guide_steps}
    return ConcernState(
        concern=concern,
        days_open=days_since_raised(concern, on),
        steps=[GuideStepState(step=s, done=done.get(s.code)) for s in guide_steps],
        other_done=[s for code, s in done.items() if code not in codes],
    )


def can_record_concern(user: User, child: Child) -> bool:
    return can(user, "view_child_details", child)
