from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trivsel.audit.models import AccessLog, FieldChange
from trivsel.children.access import relation_for
from trivsel.lib.time import today
from trivsel.organisation.models import Role, UnitKind
from trivsel.plans.models import ProgressEntry
from trivsel.plans.services import (
    evaluation_record,
    goal_add,
    intervention_create,
    milestone_add,
    milestone_reach,
    progress_record,
    progress_record_by_parent,
)
from trivsel.plans.testing import catalogue, make_goal, make_intervention
from trivsel.testing import factories as f

DAY = datetime.timedelta(days=1)


def _create(cast, **kw):
    values = {
        "type": catalogue(), "responsible": cast.pedagogue, "start": today(), "planned_end": today() + 60 * DAY,
        "evaluation_due": today() + 42 * DAY, "description": "Mentor to gange om ugen",
    }  # fmt: skip
    values.update(kw)
    return intervention_create(actor=cast.pedagogue, child=cast.child, **values)


def test_a_professional_creates_an_intervention_logged_with_its_fields(cast):
    intervention = _create(cast)
    assert (intervention.level, intervention.responsible, intervention.created_by) == (
        "preventive",
        cast.pedagogue,
        cast.pedagogue,
    )
    log = AccessLog.objects.get(action="create", object_type="plans.intervention")
    assert (log.child_id, log.role) == (cast.child.pk, "frontline")
    assert dict(FieldChange.objects.filter(log=log).values_list("field", "new_value"))["type"] == "Mentor"


def test_a_responsible_without_a_relation_gets_access_until_after_the_planned_end(cast):
    ppr = f.UnitFactory(kind=UnitKind.PPR, district=None)
    psychologist = f.MembershipFactory(role=Role.SPECIALIST, group=None, unit=ppr).user
    assert relation_for(psychologist, cast.child) is None
    _create(cast, responsible=psychologist)
    relation = relation_for(psychologist, cast.child)
    assert relation is not None and (relation.via, relation.reason) == ("grant", "Ansvarlig for indsats")


def test_dates_and_permission_are_checked(cast):
    with pytest.raises(ValidationError) as error:
        _create(cast, planned_end=today() - DAY, evaluation_due=today() - DAY)
    assert error.value.message_dict == {
        "planned_end": ["The planned end cannot be before the start."],
        "evaluation_due": ["The evaluation cannot be before the start."],
    }
    for who in ("other_pedagogue", "case_worker", "parent"):
        with pytest.raises(PermissionDenied):
            intervention_create(
                actor=getattr(cast, who), child=cast.child, type=catalogue(), responsible=cast.pedagogue,
                start=today(), planned_end=today(), evaluation_due=today(),
            )  # fmt: skip


def test_goals_on_either_scale_with_targets_inside_it(cast):
    intervention = make_intervention(cast.child, cast.pedagogue)
    goal = goal_add(
        actor=cast.pedagogue,
        intervention=intervention,
        title="Fremmøde hver dag",
        area="fremmoede",
        owner="child",
        scale="0-10",
        target=9,
    )
    assert goal.bounds == (0, 10)
    gas = goal_add(
        actor=cast.pedagogue,
        intervention=intervention,
        title="Lektier",
        area="lektier",
        owner="parents",
        scale="gas",
        target=0,
    )
    assert gas.bounds == (-2, 2)
    with pytest.raises(ValidationError) as error:
        goal_add(
            actor=cast.pedagogue,
            intervention=intervention,
            title="x",
            area="andet",
            owner="child",
            scale="gas",
            target=3,
        )
    assert error.value.message_dict == {"target": ["Choose a value from -2 to 2."]}


def test_ratings_by_professional_child_and_parent(cast):
    goal = make_goal(make_intervention(cast.child, cast.pedagogue))
    progress_record(actor=cast.pedagogue, goal=goal, rater="professional", value=4, comment="Bedre mandage")
    progress_record(actor=cast.pedagogue, goal=goal, rater="child", value=6, on=today() - DAY)
    progress_record_by_parent(actor=cast.parent, goal=goal, value=5, comment="Bedre morgener")
    entries = list(ProgressEntry.objects.order_by("recorded_on", "id").values_list("rater", "value", "guardian_id"))
    assert entries == [("child", 6, None), ("professional", 4, None), ("parent", 5, cast.mother.pk)]
    with pytest.raises(ValidationError) as error:
        progress_record(actor=cast.pedagogue, goal=goal, rater="professional", value=11)
    assert error.value.message_dict == {"value": ["Choose a value from 0 to 10."]}
    with pytest.raises(ValidationError):
        progress_record(actor=cast.pedagogue, goal=goal, rater="parent", value=5)  # parents rate in the portal
    with pytest.raises(PermissionDenied):
        progress_record_by_parent(actor=cast.other_parent, goal=goal, value=5)
    with pytest.raises(PermissionDenied):
        progress_record_by_parent(
            actor=f.GuardianFactory(user=f.UserFactory()).user, goal=goal, value=5
        )  # no custody of Emma


def test_milestones_are_added_and_reached(cast):
    goal = make_goal(make_intervention(cast.child, cast.pedagogue))
    milestone = milestone_add(actor=cast.pedagogue, goal=goal, title="Første uge uden gråd", due=today() + 7 * DAY)
    assert milestone_reach(actor=cast.pedagogue, milestone=milestone).reached_on == today()


def test_evaluation_continues_with_a_new_date_or_closes(cast):
    intervention = make_intervention(cast.child, cast.pedagogue)
    with pytest.raises(ValidationError) as error:
        evaluation_record(actor=cast.pedagogue, intervention=intervention, outcome="continue", note=" ")
    assert error.value.message_dict == {
        "note": ["Write what the evaluation found."],
        "next_due": ["Set the date of the next evaluation, after today."],
    }
    evaluation_record(
        actor=cast.pedagogue, intervention=intervention, outcome="adjust", note="Færre mål", next_due=today() + 30 * DAY
    )
    intervention.refresh_from_db()
    assert (intervention.evaluation_due, intervention.closed_on) == (today() + 30 * DAY, None)
    evaluation_record(actor=cast.pedagogue, intervention=intervention, outcome="close", note="Målet er nået")
    intervention.refresh_from_db()
    assert intervention.closed_on == today()
    with pytest.raises(ValidationError, match="closed"):
        evaluation_record(actor=cast.pedagogue, intervention=intervention, outcome="close", note="Igen")
