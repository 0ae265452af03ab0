"""Suggestions from ages and enrolments, and the leader's overview with its counts."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404

from trivsel.children.models import Enrolment
from trivsel.lib.time import today
from trivsel.testing import factories as f
from trivsel.transitions import services
from trivsel.transitions.models import Kind
from trivsel.transitions.selectors import my_transitions, overview, suggestions
from trivsel.transitions.testing import approved_handover, make_transition, next_month

pytestmark = pytest.mark.django_db


def _kindergarten_child(cast, birth_date: datetime.date, name: str):
    child = f.ChildFactory(first_name=name, birth_date=birth_date)
    f.EnrolmentFactory(child=child, group=cast.group)
    return child


def test_suggestions_from_ages_within_the_horizon(cast):
    day = datetime.date(2026, 12, 1)
    soon = _kindergarten_child(cast, datetime.date(2021, 3, 1), "Snart")  # turns 6 in 2027: 1 August 2027
    later = _kindergarten_child(cast, datetime.date(2022, 3, 1), "Senere")  # 1 August 2028: beyond 270 days
    found = suggestions(cast.unit, on=day)
    by_child = {s.child.pk: s for s in found}
    assert soon.pk in by_child and later.pk not in by_child
    assert (by_child[soon.pk].kind, by_child[soon.pk].moves_on) == (Kind.SCHOOL_START, datetime.date(2027, 8, 1))
    assert by_child[soon.pk].to_unit is None
    # Emma (born 17 May 2020) turned 6 in 2026 and is still in kindergarten: the next 1 August.
    assert by_child[cast.child.pk].moves_on == datetime.date(2027, 8, 1)
    assert len(suggestions(cast.unit, on=day, horizon_days=800)) == 3


def test_a_registered_enrolment_is_suggested_with_its_unit_and_date(cast, school):
    start = today() + datetime.timedelta(days=40)
    Enrolment.objects.create(child=cast.child, unit=school.unit, track="school", start=start)
    found = [s for s in suggestions(cast.unit) if s.child.pk == cast.child.pk]
    assert [(s.kind, s.moves_on, s.to_unit) for s in found] == [(Kind.SCHOOL_START, start, school.unit)]


def test_a_created_transition_is_no_longer_suggested_unless_cancelled(cast, school):
    transition = make_transition(cast, school)
    assert cast.child.pk not in {s.child.pk for s in suggestions(cast.unit, horizon_days=800)}
    services.transition_cancel(actor=cast.leader, transition=transition)
    assert cast.child.pk in {s.child.pk for s in suggestions(cast.unit, horizon_days=800)}


def test_suggestions_take_three_queries(cast, django_assert_num_queries):
    for n in range(20):
        _kindergarten_child(cast, datetime.date(2021, 1 + n % 12, 1), f"B{n}")
    with django_assert_num_queries(3):
        suggestions(cast.unit)


def test_the_overview_counts_out_and_in(cast, school):
    approved_handover(cast, school)
    second = f.ChildFactory(first_name="Noah")
    f.EnrolmentFactory(child=second, group=cast.group)
    services.transition_create(
        actor=cast.leader, child=second, kind=Kind.SCHOOL_START, from_unit=cast.unit, to_unit=school.unit,
        to_group=None, moves_on=next_month(),
    )  # fmt: skip
    out = overview(user=cast.leader, unit=cast.unit)
    assert out.outgoing_counts == {"draft": 1, "with_parents": 0, "approved": 1, "shared": 0, "acknowledged": 0}
    assert sorted(t.child.first_name for t in out.outgoing) == ["Emma", "Noah"]
    intake = overview(user=school.leader, unit=school.unit)
    assert intake.incoming_counts == out.outgoing_counts
    assert intake.named_incoming == frozenset()  # nothing shared yet, nobody has started
    with pytest.raises(Http404):
        overview(user=cast.leader, unit=school.unit)


def test_a_shared_handover_names_the_incoming_child(cast, school):
    handover = approved_handover(cast, school)
    services.handover_share(actor=cast.pedagogue, handover=handover)
    assert overview(user=school.leader, unit=school.unit).named_incoming == frozenset({cast.child.pk})


def test_the_overview_of_a_whole_intake_takes_a_constant_number_of_queries(cast, school, django_assert_max_num_queries):
    for n in range(30):
        child = f.ChildFactory(first_name=f"Barn{n}")
        f.EnrolmentFactory(child=child, group=cast.group)
        services.transition_create(
            actor=cast.leader, child=child, kind=Kind.SCHOOL_START, from_unit=cast.unit, to_unit=school.unit,
            to_group=school.group, moves_on=next_month(),
        )  # fmt: skip
    with django_assert_max_num_queries(10):
        found = overview(user=school.leader, unit=school.unit)
        assert len(found.incoming) == 30
        assert {(t.from_unit.name, t.to_group.name if t.to_group else "") for t in found.incoming} == {
            (cast.unit.name, "0.A")
        }


def test_my_transitions_for_a_pedagogue_and_a_teacher(cast, school):
    handover = approved_handover(cast, school)
    assert [t.pk for t in my_transitions(cast.pedagogue).outgoing] == [handover.transition_id]
    assert my_transitions(cast.other_pedagogue).all == []
    assert my_transitions(school.teacher).all == []  # not shared yet
    services.handover_share(actor=cast.pedagogue, handover=handover)
    assert [t.pk for t in my_transitions(school.teacher).incoming] == [handover.transition_id]
    assert my_transitions(school.teacher).outgoing == []
    assert my_transitions(school.other_teacher).all == []
