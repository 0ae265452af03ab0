from __future__ import annotations

import datetime

from trivsel.audit.models import AccessLog
from trivsel.lib.time import today
from trivsel.meetings.models import Agreement, Sharing
from trivsel.meetings.testing import make_item, make_meeting
from trivsel.organisation.models import Role, UnitKind
from trivsel.plans.selectors import child_plan, my_work, my_work_page, parent_contact
from trivsel.plans.testing import make_goal, make_intervention
from trivsel.testing import factories as f

DAY = datetime.timedelta(days=1)


def test_my_work_lists_agreements_and_evaluations_overdue_first(cast):
    meeting = make_meeting(cast.unit, cast.leader, days_ahead=-20)
    item = make_item(meeting, cast.child, cast.pedagogue)
    late = Agreement.objects.create(
        item=item, child=cast.child, what="Ring til mor", owner=cast.pedagogue, due=today() - 2 * DAY
    )
    Agreement.objects.create(
        item=item, child=cast.child, what="Udført", owner=cast.pedagogue, due=today() - 3 * DAY, done_on=today()
    )
    Agreement.objects.create(item=item, child=cast.child, what="Lenes", owner=cast.leader, due=today())
    intervention = make_intervention(cast.child, cast.pedagogue, evaluation_due=today() + 5 * DAY)
    rows = my_work(cast.pedagogue)
    assert [(r.kind, r.what, r.overdue, r.name) for r in rows] == [
        ("agreement", "Ring til mor", True, "Emma Nielsen"),
        ("evaluation", "Mentor", False, "Emma Nielsen"),
    ]
    assert rows[0].agreement == late and rows[1].intervention == intervention
    assert not AccessLog.objects.exists()  # the page logs what it shows
    my_work_page(cast.pedagogue, None)
    assert sorted(AccessLog.objects.values_list("object_type", "child_id")) == [
        ("meetings.agreement", cast.child.pk),
        ("plans.intervention", cast.child.pk),
    ]


def test_an_agreement_from_an_anonymous_item_shows_only_the_first_name_to_an_owner_without_a_relation(cast):
    psychologist = f.MembershipFactory(
        role=Role.SPECIALIST, group=None, unit=f.UnitFactory(kind=UnitKind.PPR, district=None)
    ).user
    item = make_item(make_meeting(cast.unit, cast.leader), cast.child, cast.pedagogue, Sharing.ANONYMOUS)
    Agreement.objects.create(
        item=item, child=cast.child, what="Observere i frikvarteret", owner=psychologist, due=today()
    )
    (row,) = my_work(psychologist)
    assert row.name == "Emma"


def test_the_plan_and_the_parents_contact(cast, django_assert_max_num_queries):
    first = make_intervention(cast.child, cast.pedagogue)
    for _ in range(3):
        make_goal(first)
    make_goal(make_intervention(cast.child, cast.leader, closed_on=today()))
    with django_assert_max_num_queries(6):
        plan = child_plan(cast.child)
        assert [len(v.goals) for v in plan] == [3, 1]
    assert plan[0].intervention == first
    assert parent_contact(cast.child) is None
    item = make_item(make_meeting(cast.unit, cast.leader), cast.child, cast.pedagogue, parent_contact=cast.pedagogue)
    assert item.parent_contact == parent_contact(cast.child)
