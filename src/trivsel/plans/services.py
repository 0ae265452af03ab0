"""Every write of plans: interventions, goals, milestones, progress ratings and evaluations.

Professionals with a working relation to the child write them; a guardian holding custody adds
their own rating of a goal from the portal. Each write is logged with its fields (text as "(text)").
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_change
from trivsel.children.access import can, relation_for
from trivsel.children.models import Child, GrantSource
from trivsel.children.services import access_grant_create
from trivsel.lib.time import today
from trivsel.meetings.models import AgendaItem
from trivsel.plans.models import (
    SCALE_RANGE,
    Evaluation,
    Goal,
    Intervention,
    InterventionType,
    Milestone,
    Outcome,
    ProgressEntry,
    Rater,
    Scale,
)

PURPOSE = "plan"


def _professional(actor: User, child: Child) -> None:
    if not can(actor, "view_child_details", child):
        raise PermissionDenied


def _log(actor: User, obj: Model, child: Child, action: Action, changes: dict[str, tuple[object, object]]) -> None:
    log_change(
        actor=actor,
        action=action,
        obj=obj,
        child_id=child.pk,
        relation=relation_for(actor, child),
        purpose=PURPOSE,
        changes=changes,
    )


@transaction.atomic
def intervention_create(
    *,
    actor: User,
    child: Child,
    type: InterventionType,
    responsible: User,
    start: datetime.date,
    planned_end: datetime.date,
    evaluation_due: datetime.date,
    description: str = "",
    item: AgendaItem | None = None,
) -> Intervention:
    _professional(actor, child)
    errors: dict[str, str] = {}
    if not type.is_active:
        errors["type"] = _("Choose an intervention from the catalogue.")
    if planned_end < start:
        errors["planned_end"] = _("The planned end cannot be before the start.")
    if not start <= evaluation_due:
        errors["evaluation_due"] = _("The evaluation cannot be before the start.")
    if getattr(responsible, "guardian", None) is not None or not responsible.is_active:
        errors["responsible"] = _("Choose an active professional.")
    if item is not None and item.child_id != child.pk:
        raise PermissionDenied
    if errors:
        raise ValidationError(errors)
    intervention = Intervention.objects.create(
        child=child, type=type, level=type.level, description=description.strip(), responsible=responsible,
        start=start, planned_end=planned_end, evaluation_due=evaluation_due, item=item, created_by=actor,
    )  # fmt: skip
    if relation_for(responsible, child) is None:
        # Whoever is responsible must be able to follow the child until the intervention has ended.
        ends = timezone.make_aware(
            datetime.datetime.combine(planned_end + datetime.timedelta(days=60), datetime.time())
        )
        access_grant_create(
            actor=None,
            child=child,
            user=responsible,
            source=GrantSource.PLAN,
            reason="Ansvarlig for indsats",
            ends_at=ends,
        )
    _log(actor, intervention, child, Action.CREATE, {
        "type": (None, type.name), "responsible": (None, responsible.pk), "start": (None, start.isoformat()),
        "planned_end": (None, planned_end.isoformat()), "evaluation_due": (None, evaluation_due.isoformat()),
    })  # fmt: skip
    return intervention


def _bounded(scale: str, value: int, field: str) -> None:
    low, high = SCALE_RANGE[Scale(scale)]
    if not low <= value <= high:
        raise ValidationError({field: _("Choose a value from %(low)d to %(high)d.") % {"low": low, "high": high}})


@transaction.atomic
def goal_add(
    *, actor: User, intervention: Intervention, title: str, area: str, owner: str, scale: str, target: int
) -> Goal:
    _professional(actor, intervention.child)
    if not intervention.is_open:
        raise ValidationError(_("The intervention is closed."))
    if not title.strip():
        raise ValidationError({"title": _("Describe the goal in a few words.")})
    if scale not in Scale.values:
        raise ValidationError({"scale": _("Choose a scale.")})
    _bounded(scale, target, "target")
    goal = Goal.objects.create(
        intervention=intervention, title=title.strip(), area=area, owner=owner, scale=scale, target=target
    )
    _log(
        actor,
        goal,
        intervention.child,
        Action.CREATE,
        {"title": (None, "(text)"), "scale": (None, scale), "target": (None, target)},
    )
    return goal


@transaction.atomic
def milestone_add(*, actor: User, goal: Goal, title: str, due: datetime.date | None) -> Milestone:
    child = goal.intervention.child
    _professional(actor, child)
    if not title.strip():
        raise ValidationError({"title": _("Describe the milestone.")})
    milestone = Milestone.objects.create(goal=goal, title=title.strip(), due=due)
    _log(
        actor,
        milestone,
        child,
        Action.CREATE,
        {"title": (None, "(text)"), "due": (None, due.isoformat() if due else None)},
    )
    return milestone


@transaction.atomic
def milestone_reach(*, actor: User, milestone: Milestone) -> Milestone:
    child = milestone.goal.intervention.child
    _professional(actor, child)
    if milestone.reached_on is None:
        milestone.reached_on = today()
        milestone.save(update_fields=["reached_on"])
        _log(actor, milestone, child, Action.CHANGE, {"reached_on": (None, milestone.reached_on.isoformat())})
    return milestone


def _record(
    actor: User, goal: Goal, rater: str, value: int, comment: str, on: datetime.date, guardian_id: int | None
) -> ProgressEntry:
    _bounded(goal.scale, value, "value")
    if on > today():
        raise ValidationError({"recorded_on": _("The date cannot be in the future.")})
    entry = ProgressEntry.objects.create(
        goal=goal,
        rater=rater,
        value=value,
        comment=comment.strip()[:500],
        recorded_on=on,
        recorded_by=actor,
        guardian_id=guardian_id,
    )
    _log(actor, entry, goal.intervention.child, Action.CREATE, {
        "rater": (None, rater), "value": (None, value), "recorded_on": (None, on.isoformat()),
        "comment": (None, "(text)" if entry.comment else ""),
    })  # fmt: skip
    return entry


@transaction.atomic
def progress_record(
    *, actor: User, goal: Goal, rater: str, value: int, comment: str = "", on: datetime.date | None = None
) -> ProgressEntry:
    """A professional's rating, or the child's own rating entered together with the child."""
    _professional(actor, goal.intervention.child)
    if rater not in (Rater.PROFESSIONAL, Rater.CHILD):
        raise ValidationError({"rater": _("Choose who rates.")})
    return _record(actor, goal, rater, value, comment, on or today(), None)


@transaction.atomic
def progress_record_by_parent(*, actor: User, goal: Goal, value: int, comment: str = "") -> ProgressEntry:
    """A guardian holding custody rates their child's goal in the portal."""
    child = goal.intervention.child
    guardian = getattr(actor, "guardian", None)
    if guardian is None or not can(actor, "give_consent", child):
        raise PermissionDenied
    return _record(actor, goal, Rater.PARENT, value, comment, today(), guardian.pk)


@transaction.atomic
def evaluation_record(
    *, actor: User, intervention: Intervention, outcome: str, note: str, next_due: datetime.date | None = None
) -> Evaluation:
    """Step 7: the evaluation at the agreed date; close ends the intervention, the others set the next date."""
    child = intervention.child
    _professional(actor, child)
    errors: dict[str, str] = {}
    if not intervention.is_open:
        errors["outcome"] = _("The intervention is closed.")
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if not note.strip():
        errors["note"] = _("Write what the evaluation found.")
    if outcome != Outcome.CLOSE and (next_due is None or next_due <= today()):
        errors["next_due"] = _("Set the date of the next evaluation, after today.")
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation.objects.create(
        intervention=intervention, evaluated_on=today(), outcome=outcome, note=note.strip(), next_due=next_due, by=actor
    )
    changes: dict[str, tuple[object, object]] = {"outcome": (None, outcome), "note": (None, "(text)")}
    if outcome == Outcome.CLOSE:
        intervention.closed_on = today()
        intervention.save(update_fields=["closed_on"])
        changes["closed_on"] = (None, intervention.closed_on.isoformat())
    else:
        assert next_due is not None
        changes["evaluation_due"] = (intervention.evaluation_due.isoformat(), next_due.isoformat())
        intervention.evaluation_due = next_due
        intervention.save(update_fields=["evaluation_due"])
    _log(actor, evaluation, child, Action.CREATE, changes)
    return evaluation
