from __future__ import annotations

import datetime

import pytest
from django.http import Http404

from trivsel.concerns.selectors import child_concerns, concern_get, concern_state, days_since_raised
from trivsel.concerns.tests.factories import make_concern, make_step
from trivsel.testing import factories as f

DAY = datetime.date(2026, 11, 20)


def test_the_childs_concerns_list_open_ones_first_then_newest_with_their_age(cast, levels):
    old = make_concern(cast.child, cast.pedagogue, levels["lille"], observed_on=datetime.date(2026, 10, 1))
    new = make_concern(cast.child, cast.pedagogue, levels["stor"], observed_on=datetime.date(2026, 11, 18))
    closed = make_concern(
        cast.child,
        cast.pedagogue,
        levels["middel"],
        observed_on=datetime.date(2026, 11, 19),
        status="closed",
        closed_at=datetime.datetime(2026, 11, 19, 12, tzinfo=datetime.UTC),
    )
    make_concern(f.ChildFactory(), cast.pedagogue, levels["lille"])
    rows = child_concerns(cast.child, DAY)
    assert [(r.concern, r.days_open) for r in rows] == [(new, 2), (old, 50), (closed, 1)]


def test_days_since_raised_count_from_the_observation(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"], observed_on=datetime.date(2026, 11, 13))
    assert days_since_raised(concern, DAY) == 7


def test_a_concern_is_found_only_under_its_own_child(cast, levels):
    other = make_concern(f.ChildFactory(), cast.pedagogue, levels["lille"])
    mine = make_concern(cast.child, cast.pedagogue, levels["lille"])
    assert concern_get(child=cast.child, concern_id=mine.pk) == mine
    with pytest.raises(Http404):
        concern_get(child=cast.child, concern_id=other.pk)
    with pytest.raises(Http404):
        concern_get(child=cast.child, concern_id=other.pk + 1000)


def test_where_a_concern_stands_lists_the_levels_steps_and_which_are_done(cast, levels):
    concern = make_concern(cast.child, cast.pedagogue, levels["stor"], observed_on=DAY - datetime.timedelta(days=4))
    done = make_step(concern, cast.leader, "underret", step_title="Underret kommunen", done_on=DAY)
    retired = make_step(concern, cast.pedagogue, "gammelt-trin", step_title="Gammelt trin")
    state = concern_state(concern, DAY)
    assert state.days_open == 4
    assert [(s.step.code, s.done) for s in state.steps] == [
        ("droeft-med-lederen", None),
        ("tal-med-foraeldrene", None),
        ("underret", done),
        ("samtykke-og-distriktsteam", None),
    ]
    assert state.done_count == 1
    assert state.other_done == [retired]
