from __future__ import annotations

import datetime

import pytest

from trivsel.audit.models import AccessLog
from trivsel.organisation.models import Role
from trivsel.screening.overview import district_overview, unit_overview
from trivsel.screening.testing import make_round, make_screening, make_spring_round
from trivsel.testing import factories as f


def _children(group, count, prefix):
    return [f.EnrolmentFactory(group=group, child__first_name=f"{prefix}{i:02d}").child for i in range(count)]


@pytest.fixture
def rounds(cast, scale):
    """Spring: 12 children in Rød stue, 10 green and 2 yellow. Autumn: 3 of the green turn yellow, 1 red."""
    spring = make_spring_round(cast.unit, cast.leader)
    autumn = make_round(cast.unit, cast.leader, previous=spring)
    red_group = _children(cast.group, 12, "R")
    blue_group = _children(cast.other_group, 6, "B")
    for child in red_group[:10]:
        make_screening(spring, child, cast.group, cast.leader, "groen")
    for child in red_group[10:]:
        make_screening(spring, child, cast.group, cast.leader, "gul")
    for child in red_group[:6]:
        make_screening(autumn, child, cast.group, cast.leader, "groen")
    for child in red_group[6:9]:
        make_screening(autumn, child, cast.group, cast.leader, "gul")
    make_screening(
        autumn,
        red_group[9],
        cast.group,
        cast.leader,
        "roed",
        next_step="forum",
        next_step_on=datetime.date(2026, 11, 20),
    )
    for child in blue_group:
        make_screening(autumn, child, cast.other_group, cast.leader, "groen")
    # Emma and R10, R11 are not rated in the autumn yet.
    return spring, autumn, red_group


def test_the_unit_overview_counts_by_group_and_position_with_suppression(cast, rounds):
    _spring, autumn, _red = rounds
    overview = unit_overview(user=cast.leader, unit=cast.unit, screening_round=autumn)
    table = overview.positions
    assert [p.code for p in table.positions] == ["groen", "gul", "roed"] and table.with_unrated
    shown = [(label, [str(c) for c in cells], str(total)) for label, cells, total in table.rows()]
    # Blå stue: 6 green. Rød stue: 6 green, 3 yellow, 1 red, 3 not rated (Emma, R10, R11).
    assert shown == [
        ("Blå stue", ["6", "0", "0", "0"], "6"),
        ("Rød stue", ["6", "<5", "<5", "<5"], "13"),
    ]
    assert [str(c) for c in table.table.column_totals] == ["12", "<5", "<5", "<5"]
    assert str(table.table.total) == "19"
    assert table.shares == ["63 %", "hidden", "hidden", "hidden"]


def test_stay_green_and_worsened_compare_with_the_previous_round(cast, rounds):
    _spring, autumn, red = rounds
    overview = unit_overview(user=cast.leader, unit=cast.unit, screening_round=autumn)
    assert overview.stay_green is not None
    assert (str(overview.stay_green.were_green), str(overview.stay_green.stayed), overview.stay_green.share) == (
        "10",
        "<5",  # 4 left the green position: hidden, and so the 6 who stayed
        "hidden",
    )
    assert [(c.screening.child, c.before.code, c.screening.position.code) for c in overview.worsened] == [
        (red[6], "groen", "gul"),
        (red[7], "groen", "gul"),
        (red[8], "groen", "gul"),
        (red[9], "groen", "roed"),
    ]
    assert [s.child for s in overview.missing_next_step] == [red[6], red[7], red[8]]  # red[9] has a forum


def test_the_unit_overview_logs_a_read_of_each_named_child(cast, rounds):
    _spring, autumn, red = rounds
    unit_overview(user=cast.leader, unit=cast.unit, screening_round=autumn)
    logged = list(AccessLog.objects.order_by("id").values_list("child_id", "object_type", "role", "purpose"))
    children = [(c.pk, "children.child", "leader", "screening_overview") for c in red[6:10]]
    assert logged == [*sorted(children), (None, "organisation.unit", "leader", "screening_overview")]


def test_a_first_round_has_nothing_to_compare_with(cast, rounds):
    spring, _autumn, _red = rounds
    overview = unit_overview(user=cast.leader, unit=cast.unit, screening_round=spring)
    assert (overview.stay_green, overview.worsened, overview.positions.with_unrated) == (None, [], False)


def test_the_district_overview_shows_each_units_latest_round_without_names(cast, rounds):
    _spring, _autumn, _red = rounds
    district = cast.unit.district
    other = f.UnitFactory(district=district, name="Mælkebøtten")
    other_group = f.GroupFactory(unit=other)
    other_leader = f.MembershipFactory(role=Role.LEADER, group=None, unit=other).user
    late = make_round(
        other,
        other_leader,
        name="Efterår 2026",
        opened_on=datetime.date(2026, 9, 1),
        deadline=datetime.date(2026, 10, 1),
    )
    for child in _children(other_group, 7, "M"):
        make_screening(late, child, other_group, other_leader, "groen")
    f.UnitFactory(district=district, name="Uden runder")
    adviser = f.MembershipFactory(role=Role.DISTRICT_ADVISER, group=None, unit=None, district=district).user
    overview = district_overview(user=adviser, district=district, on=datetime.date(2026, 12, 1))
    assert [(line.unit.name, line.round.name, line.overdue) for line in overview.lines] == [
        ("Mælkebøtten", "Efterår 2026", True),
        ("Solsikken", "Efterår 2026", False),
    ]
    assert overview.positions is not None
    shown = [(label, [str(c) for c in cells], str(total)) for label, cells, total in overview.positions.rows()]
    assert shown == [("Mælkebøtten", ["7", "0", "0"], "7"), ("Solsikken", ["12", "<5", "<5"], "16")]
    solsikken = overview.lines[1]
    assert solsikken.stay_green is not None and str(solsikken.stay_green.were_green) == "10"
    assert [str(line.missing_next_step) for line in overview.lines] == ["0", "<5"]
    assert [line.unit.name for line in overview.overdue] == ["Mælkebøtten"]
    log = AccessLog.objects.get()
    assert (log.action, log.child_id, log.object_type, log.purpose) == (
        "read",
        None,
        "organisation.district",
        "screening_overview",
    )


def test_the_district_overview_on_an_earlier_date_shows_the_earlier_round(cast, rounds):
    adviser = f.MembershipFactory(role=Role.DISTRICT_ADVISER, group=None, unit=None, district=cast.unit.district).user
    overview = district_overview(user=adviser, district=cast.unit.district, on=datetime.date(2026, 5, 1))
    assert [line.round.name for line in overview.lines] == ["Forår 2026"]
