"""Reading plans: a child's interventions with goals, progress and evaluations; a professional's work."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.audit.services import log_object_reads
from trivsel.children.models import Child
from trivsel.lib.linechart import Chart
from trivsel.meetings.models import AgendaItem, Agreement
from trivsel.meetings.sharing import ViewBasis, view_bases
from trivsel.plans.chart import goal_chart
from trivsel.plans.models import Evaluation, Goal, Intervention, Milestone, ProgressEntry


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    chart: Chart

    @property
    def latest(self) -> ProgressEntry | None:
        entries = list(self.goal.progress.all())
        return entries[-1] if entries else None


@dataclass(frozen=True)
class InterventionView:
    intervention: Intervention
    goals: list[GoalView]

    @property
    def evaluation_overdue(self) -> bool:
        return self.intervention.is_open and self.intervention.evaluation_due < timezone.localdate()


def child_plan(child: Child) -> list[InterventionView]:
    """The child's interventions, open first, with goals, milestones, progress and evaluations (5 queries)."""
    interventions = (
        Intervention.objects.filter(child=child)
        .select_related("type", "responsible", "item__meeting")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("id")),
            Prefetch("goals__milestones", queryset=Milestone.objects.order_by("due", "id")),
            Prefetch(
                "goals__progress",
                queryset=ProgressEntry.objects.select_related("recorded_by").order_by("recorded_on", "id"),
            ),
            Prefetch("evaluations", queryset=Evaluation.objects.select_related("by").order_by("evaluated_on", "id")),
        )
        .order_by(F("closed_on").asc(nulls_first=True), "-start", "-id")
    )
    return [
        InterventionView(i, [GoalView(g, goal_chart(g, list(g.progress.all()))) for g in i.goals.all()])
        for i in interventions
    ]


def intervention_get(*, child: Child, intervention_id: int) -> Intervention:
    found = Intervention.objects.select_related("type", "child").filter(pk=intervention_id, child=child).first()
    if found is None:
        raise Http404
    return found


def goal_get(*, child: Child, goal_id: int) -> Goal:
    found = Goal.objects.select_related("intervention__child").filter(pk=goal_id, intervention__child=child).first()
    if found is None:
        raise Http404
    return found


def milestone_get(*, child: Child, milestone_id: int) -> Milestone:
    found = (
        Milestone.objects.select_related("goal__intervention__child")
        .filter(pk=milestone_id, goal__intervention__child=child)
        .first()
    )
    if found is None:
        raise Http404
    return found


def child_agreements(child: Child) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(child=child)
        .select_related("owner", "item__meeting")
        .order_by(F("done_on").asc(nulls_first=True), "due", "id")
    )


def parent_contact(child: Child) -> User | None:
    """Who keeps contact with the parents: as agreed at the child's latest meeting that said so."""
    item = (
        AgendaItem.objects.filter(child=child, parent_contact__isnull=False)
        .select_related("parent_contact")
        .order_by("-meeting__starts_at")
        .first()
    )
    return item.parent_contact if item else None


@dataclass(frozen=True)
class WorkRow:
    """An agreement to do or an evaluation to hold; ``name`` as the user may see the child."""

    kind: str  # "agreement" or "evaluation"
    due: datetime.date
    what: str
    name: str
    url: str
    agreement: Agreement | None = None
    intervention: Intervention | None = None
    tags: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.due < timezone.localdate()


def my_work(user: User, limit: int = 200) -> list[WorkRow]:
    """The user's open agreements and the evaluations they are responsible for, overdue first, soonest first."""
    agreements = list(
        Agreement.objects.filter(owner=user, done_on__isnull=True)
        .select_related("item__child", "item__meeting")
        .order_by("due")[:limit]
    )
    bases = view_bases(user, [a.item for a in agreements])
    rows = [
        WorkRow(
            kind="agreement",
            due=a.due,
            what=a.what,
            name=a.item.child.full_name if bases[a.item.pk] != ViewBasis.ANONYMOUS else a.item.first_name,
            url=f"/moeder/punkter/{a.item.pk}/",
            agreement=a,
        )
        for a in agreements
    ]
    interventions = (
        Intervention.objects.filter(responsible=user, closed_on__isnull=True)
        .select_related("type", "child")
        .order_by("evaluation_due")[:limit]
    )
    rows += [
        WorkRow(
            kind="evaluation",
            due=i.evaluation_due,
            what=i.type.name,
            name=i.child.full_name,
            url=f"/boern/{i.child_id}/plan/indsats/{i.pk}/evaluering/",
            intervention=i,
        )
        for i in interventions
    ]
    return sorted(rows, key=lambda r: (r.due, r.kind))


def my_work_page(user: User, number: str | None) -> Page[WorkRow]:
    """One page of the user's work; the children on it are logged as read."""
    page = Paginator(my_work(user), settings.PAGE_SIZE).get_page(number)
    shown = [row.agreement or row.intervention for row in page.object_list]
    log_object_reads(actor=user, objects=[obj for obj in shown if obj is not None], purpose="my_work")
    return page
