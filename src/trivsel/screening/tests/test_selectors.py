from __future__ import annotations

import datetime

import pytest
from django.http import Http404

from trivsel.audit.models import AccessLog
from trivsel.children.access import Relation
from trivsel.screening.selectors import (
    child_position_history,
    disagreement,
    group_get,
    group_sheet,
    is_overdue,
    round_get,
    round_progress,
    rounds_for,
    suggested_position,
)
from trivsel.screening.testing import make_rating, make_round, make_screening, make_spring_round
from trivsel.testing import factories as f


@pytest.fixture
def open_round(cast, scale):
    return make_round(cast.unit, cast.leader, per_dimension=True)


def test_raters_agree_when_they_chose_the_same_position_and_dimensions(cast, open_round):
    a = make_rating(open_round, cast.child, cast.pedagogue, "gul", dimensions={"selvvaerd": "gul"})
    b = make_rating(open_round, cast.child, cast.leader, "gul", dimensions={"selvvaerd": "gul"})
    found = disagreement([a, b])
    assert (bool(found), found.positions, found.dimensions, found.spread) == (False, False, (), 0)
    assert suggested_position([a, b]) == a.position


def test_different_positions_and_dimensions_are_a_disagreement_with_its_spread(cast, open_round):
    a = make_rating(
        open_round, cast.child, cast.pedagogue, "groen", dimensions={"selvvaerd": "gul", "faellesskaber": "groen"}
    )
    b = make_rating(open_round, cast.child, cast.leader, "roed", dimensions={"selvvaerd": "gul"})
    found = disagreement([a, b])
    assert (bool(found), found.positions, found.dimensions, found.spread) == (True, True, ("faellesskaber",), 2)
    assert suggested_position([a, b]) is None


def test_only_a_dimension_can_differ(cast, open_round):
    a = make_rating(open_round, cast.child, cast.pedagogue, "gul", dimensions={"selvvaerd": "roed"})
    b = make_rating(open_round, cast.child, cast.leader, "gul", dimensions={"selvvaerd": "gul"})
    found = disagreement([a, b])
    assert (bool(found), found.positions, found.dimensions) == (True, False, ("selvvaerd",))


def test_no_ratings_no_disagreement():
    assert not disagreement([]) and suggested_position([]) is None


def test_the_sheet_lists_the_groups_children_with_everyones_ratings_and_logs_each(cast, open_round):
    oscar = f.EnrolmentFactory(group=cast.group, child__first_name="Oscar").child
    f.EnrolmentFactory(group=cast.other_group)  # another group's child is not on the sheet
    mine = make_rating(open_round, cast.child, cast.pedagogue, "gul")
    theirs = make_rating(open_round, cast.child, cast.leader, "roed")
    joint = make_screening(open_round, oscar, cast.group, cast.leader, "groen")
    relation = Relation(via="group", role="frontline", unit_id=cast.unit.pk)
    sheet = group_sheet(user=cast.pedagogue, screening_round=open_round, group=cast.group, relation=relation)
    assert [r.child for r in sheet.rows] == [cast.child, oscar]
    emma, second = sheet.rows
    assert (emma.mine, emma.ratings, emma.screening, bool(emma.disagreement)) == (
        mine,
        [mine, theirs],
        None,
        True,
    )  # by rater name
    assert (second.mine, second.ratings, second.screening) == (None, [], joint)
    assert (sheet.rated_by_me, sheet.agreed, sheet.disagreements) == (1, 1, 1)
    assert [p.code for p in sheet.positions] == ["groen", "gul", "roed"]
    assert len(sheet.dimensions) == 4
    rows = list(AccessLog.objects.values_list("action", "child_id", "role", "unit_id", "purpose"))
    assert sorted(rows) == sorted([("read", c.pk, "frontline", cast.unit.pk, "screening") for c in (cast.child, oscar)])


def test_a_closed_round_shows_whom_it_rated_in_the_group(cast, open_round):
    make_screening(open_round, cast.child, cast.group, cast.pedagogue, "groen")
    f.EnrolmentFactory(group=cast.group)  # joined after the round: not on its sheet
    open_round.closed_at = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)
    open_round.save()
    relation = Relation(via="unit", role="leader", unit_id=cast.unit.pk)
    sheet = group_sheet(user=cast.leader, screening_round=open_round, group=cast.group, relation=relation)
    assert [r.child for r in sheet.rows] == [cast.child]


def test_rounds_and_groups_are_found_only_by_those_who_work_there(cast, open_round):
    assert round_get(user=cast.pedagogue, round_id=open_round.pk) == open_round
    assert round_get(user=cast.leader, round_id=open_round.pk) == open_round
    for who in ("case_worker", "outsider", "administrator", "parent"):
        with pytest.raises(Http404):
            round_get(user=getattr(cast, who), round_id=open_round.pk)
    with pytest.raises(Http404):
        round_get(user=cast.leader, round_id=open_round.pk + 100)
    assert group_get(user=cast.pedagogue, screening_round=open_round, group_id=cast.group.pk)[1].role == "frontline"
    with pytest.raises(Http404):  # works in the unit, but rates only their own group
        group_get(user=cast.pedagogue, screening_round=open_round, group_id=cast.other_group.pk)
    assert group_get(user=cast.leader, screening_round=open_round, group_id=cast.other_group.pk)[1].role == "leader"
    foreign = f.GroupFactory()
    with pytest.raises(Http404):
        group_get(user=cast.leader, screening_round=open_round, group_id=foreign.pk)


def test_round_progress_counts_per_group(cast, open_round):
    oscar = f.EnrolmentFactory(group=cast.group).child
    f.EnrolmentFactory(group=cast.other_group)
    make_rating(open_round, cast.child, cast.leader, "gul")
    make_rating(open_round, oscar, cast.pedagogue, "gul")
    make_screening(open_round, cast.child, cast.group, cast.leader, "gul")
    make_screening(open_round, oscar, cast.group, cast.leader, "groen")
    progress = {
        p.group.name: (p.children, p.rated_by_me, p.agreed, p.missing_next_step)
        for p in round_progress(user=cast.leader, screening_round=open_round)
    }
    assert progress == {"Blå stue": (1, 0, 0, 0), "Rød stue": (2, 1, 2, 1)}
    mine = [(p.group.name, p.rated_by_me) for p in round_progress(user=cast.pedagogue, screening_round=open_round)]
    assert mine == [("Rød stue", 1)]


def test_rounds_for_lists_the_units_rounds_open_first(cast, open_round):
    old = make_spring_round(cast.unit, cast.leader)
    make_round(f.UnitFactory(), cast.leader, name="Andet sted")
    assert list(rounds_for(cast.pedagogue)) == [open_round, old]
    assert list(rounds_for(cast.outsider)) == []


def test_a_round_is_overdue_the_day_after_its_deadline(cast, open_round):
    assert not is_overdue(open_round, on=open_round.deadline)
    assert is_overdue(open_round, on=open_round.deadline + datetime.timedelta(days=1))
    open_round.closed_at = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)
    assert not is_overdue(open_round, on=open_round.deadline + datetime.timedelta(days=1))


def test_the_childs_history_is_oldest_first(cast, open_round):
    spring = make_spring_round(cast.unit, cast.leader)
    make_screening(open_round, cast.child, cast.group, cast.leader, "gul")
    make_screening(spring, cast.child, cast.group, cast.leader, "groen")
    assert [(s.round.name, s.position.code) for s in child_position_history(cast.child)] == [
        ("Forår 2026", "groen"),
        ("Efterår 2026", "gul"),
    ]
