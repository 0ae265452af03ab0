"""The transition rules, with exact dates (folkeskoleloven § 34; the settings' defaults)."""

from __future__ import annotations

import datetime

import pytest

from trivsel.organisation.models import UnitKind
from trivsel.transitions.models import Kind
from trivsel.transitions.rules import born_by, kind_between, next_transition

D = datetime.date


def test_nursery_to_kindergarten_at_two_years_ten_months() -> None:
    assert next_transition(UnitKind.NURSERY, D(2024, 3, 15), D(2026, 12, 1)) == (Kind.KINDERGARTEN, D(2027, 1, 15))
    assert next_transition(UnitKind.CHILDMINDER, D(2024, 3, 31), D(2026, 1, 1)) == (Kind.KINDERGARTEN, D(2027, 1, 31))


def test_kindergarten_to_school_on_1_august_of_the_year_the_child_turns_six() -> None:
    # Born in December 2021: turns 6 in 2027, so school starts 1 August 2027 although still 5 then.
    assert next_transition(UnitKind.KINDERGARTEN, D(2021, 12, 30), D(2026, 12, 1)) == (Kind.SCHOOL_START, D(2027, 8, 1))
    assert next_transition(UnitKind.INTEGRATED, D(2021, 1, 1), D(2026, 12, 1)) == (Kind.SCHOOL_START, D(2027, 8, 1))


def test_a_deferred_school_start_gives_the_next_1_august() -> None:
    # Turned 6 in 2026 but still in kindergarten on 1 December 2026: the next 1 August.
    assert next_transition(UnitKind.KINDERGARTEN, D(2020, 5, 17), D(2026, 12, 1)) == (Kind.SCHOOL_START, D(2027, 8, 1))
    assert next_transition(UnitKind.KINDERGARTEN, D(2020, 5, 17), D(2026, 8, 1)) == (Kind.SCHOOL_START, D(2026, 8, 1))


def test_after_school_care_to_club_and_school_to_youth_education() -> None:
    assert next_transition(UnitKind.AFTER_SCHOOL, D(2017, 2, 3), D(2026, 12, 1)) == (Kind.CLUB, D(2027, 8, 1))
    assert next_transition(UnitKind.SCHOOL, D(2011, 10, 9), D(2026, 12, 1)) == (Kind.YOUTH_EDUCATION, D(2027, 8, 1))


def test_an_overdue_kindergarten_move_keeps_its_date() -> None:
    assert next_transition(UnitKind.NURSERY, D(2023, 1, 10), D(2026, 12, 1)) == (Kind.KINDERGARTEN, D(2025, 11, 10))


@pytest.mark.parametrize("kind", [UnitKind.CLUB, UnitKind.YOUTH_EDUCATION, UnitKind.PPR])
def test_units_without_a_next_step(kind: str) -> None:
    assert next_transition(kind, D(2015, 1, 1), D(2026, 12, 1)) is None


def test_the_kind_setting_is_read_when_asked(settings) -> None:
    settings.KINDERGARTEN_START_MONTHS = 36
    settings.CLUB_START_AGE = 9
    assert next_transition(UnitKind.NURSERY, D(2024, 3, 15), D(2026, 12, 1)) == (Kind.KINDERGARTEN, D(2027, 3, 15))
    assert next_transition(UnitKind.AFTER_SCHOOL, D(2017, 2, 3), D(2026, 1, 1)) == (Kind.CLUB, D(2026, 8, 1))


@pytest.mark.parametrize(
    ("from_kind", "to_kind", "expected"),
    [
        (UnitKind.NURSERY, UnitKind.KINDERGARTEN, Kind.KINDERGARTEN),
        (UnitKind.CHILDMINDER, UnitKind.INTEGRATED, Kind.KINDERGARTEN),
        (UnitKind.KINDERGARTEN, UnitKind.SCHOOL, Kind.SCHOOL_START),
        (UnitKind.KINDERGARTEN, UnitKind.AFTER_SCHOOL, Kind.SCHOOL_START),
        (UnitKind.AFTER_SCHOOL, UnitKind.CLUB, Kind.CLUB),
        (UnitKind.SCHOOL, UnitKind.YOUTH_EDUCATION, Kind.YOUTH_EDUCATION),
        (UnitKind.SCHOOL, UnitKind.SCHOOL, Kind.CHANGE_OF_UNIT),
        (UnitKind.KINDERGARTEN, UnitKind.KINDERGARTEN, Kind.CHANGE_OF_UNIT),
    ],
)
def test_kind_between(from_kind: str, to_kind: str, expected: str) -> None:
    assert kind_between(from_kind, to_kind) == expected


@pytest.mark.parametrize("unit_kind", [UnitKind.NURSERY, UnitKind.KINDERGARTEN, UnitKind.AFTER_SCHOOL, UnitKind.SCHOOL])
@pytest.mark.parametrize("until", [D(2026, 12, 31), D(2027, 7, 31), D(2027, 8, 1), D(2027, 12, 31), D(2028, 9, 1)])
def test_born_by_agrees_with_the_rules(unit_kind: str, until: datetime.date) -> None:
    """Exactly the children born on or before ``born_by`` are due by ``until``: checked day by day over 18 years."""
    on = D(2026, 12, 1)
    latest = born_by(unit_kind, on, until)
    assert latest is not None
    birth = D(2009, 1, 1)
    while birth <= D(2026, 12, 1):
        rule = next_transition(unit_kind, birth, on)
        assert rule is not None
        assert (rule[1] <= until) == (birth <= latest), birth
        birth += datetime.timedelta(days=1)


def test_born_by_for_units_without_a_rule() -> None:
    assert born_by(UnitKind.CLUB, D(2026, 12, 1), D(2027, 8, 1)) is None
