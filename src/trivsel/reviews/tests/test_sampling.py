"""Sampling a review round: who has activity in the period, the seeded draws, and the raters."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from trivsel.concerns.models import Concern
from trivsel.concerns.testing import default_levels_and_guide
from trivsel.meetings.testing import make_item, make_meeting
from trivsel.notifications.models import Notification
from trivsel.organisation.models import UnitKind
from trivsel.plans.testing import make_intervention
from trivsel.questionnaires.models import Response
from trivsel.questionnaires.testing import instrument
from trivsel.reviews.sampling import Candidate, allocate, assign, candidates, sample, second_rated
from trivsel.screening.models import Screening
from trivsel.screening.testing import make_round, make_screening
from trivsel.testing import factories as f

CPH = ZoneInfo("Europe/Copenhagen")
START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


def _people(count, first_id=1, **attributes):
    values = {"unit_id": None, "district_id": None, "age_band": "3-5", "position": ""} | attributes
    return [Candidate(child_id=first_id + n, **values) for n in range(count)]


def _ids(chosen):
    return [c.child_id for c in chosen]


# --- sample ------------------------------------------------------------------------------------


def test_the_same_seed_draws_the_same_sample_and_another_seed_another():
    population = _people(200)
    first = sample(population, 20, seed=41)
    assert sample(population, 20, seed=41) == first
    assert sample(population, 20, seed=42) != first
    assert len(first) == 20 and _ids(first) == sorted(_ids(first))


def test_the_order_the_candidates_come_in_does_not_matter():
    population = _people(60, unit_id=1) + _people(40, first_id=61, unit_id=2)
    shuffled = random.Random(3).sample(population, len(population))
    assert sample(shuffled, 15, seed=7) == sample(population, 15, seed=7)
    assert sample(shuffled, 15, seed=7, stratify_by="unit") == sample(population, 15, seed=7, stratify_by="unit")


def test_no_child_is_drawn_twice_even_when_listed_twice():
    population = _people(30)
    chosen = sample(population + population[:10], 25, seed=1)
    assert len(set(_ids(chosen))) == 25
    assert len(sample(population + population, 100, seed=1)) == 30


def test_one_child_as_two_different_candidates_is_refused():
    with pytest.raises(ValueError, match="twice"):
        sample([*_people(3), Candidate(1, 9, None, "3-5", "")], 2, seed=1)


def test_a_size_beyond_the_population_takes_everyone():
    population = _people(12)
    assert sample(list(reversed(population)), 50, seed=5) == population
    assert sample(population, 12, seed=5, stratify_by="age_band") == population
    assert sample(population, 0, seed=5) == []


def test_a_negative_size_or_an_unknown_stratum_is_refused():
    with pytest.raises(ValueError, match="negative"):
        sample(_people(3), -1, seed=1)
    with pytest.raises(ValueError, match="Unknown stratum"):
        sample(_people(3), 1, seed=1, stratify_by="gender")


def test_proportional_allocation_is_exact():
    # 60/30/10 of 100, 20 drawn: quotas 12, 6 and 2 exactly.
    population = _people(60, unit_id=1) + _people(30, first_id=61, unit_id=2) + _people(10, first_id=91, unit_id=3)
    chosen = sample(population, 20, seed=11, stratify_by="unit")
    assert Counter(c.unit_id for c in chosen) == {1: 12, 2: 6, 3: 2}
    assert len(set(_ids(chosen))) == 20 and _ids(chosen) == sorted(_ids(chosen))


def test_the_largest_remainder_takes_the_seat_left():
    # 8/5/2 of 15, 6 drawn: quotas 3.2, 2.0, 0.8 → 3, 2, 0 and one seat left, to the 0.8.
    population = (
        _people(8, age_band="0-2") + _people(5, first_id=9, age_band="3-5") + _people(2, first_id=14, age_band="6-9")
    )
    chosen = sample(population, 6, seed=2, stratify_by="age_band")
    assert Counter(c.age_band for c in chosen) == {"0-2": 3, "3-5": 2, "6-9": 1}


def test_equal_remainders_go_to_the_larger_stratum():
    # 5/3/2 of 10, 5 drawn: quotas 2.5, 1.5, 1.0 → 2, 1, 1; the seat left goes to the 5 (0.5 ties with 0.5).
    population = (
        _people(5, position="Grøn") + _people(3, first_id=6, position="Gul") + _people(2, first_id=9, position="Rød")
    )
    chosen = sample(population, 5, seed=3, stratify_by="position")
    assert Counter(c.position for c in chosen) == {"Grøn": 3, "Gul": 1, "Rød": 1}


def test_equal_remainders_and_sizes_go_to_the_lower_key_with_no_district_first():
    # 2/2/2 of 6, 4 drawn: quotas 4/3 each → 1, 1, 1; the seat left goes to the first key, "no district".
    assert allocate({7: 2, None: 2, 3: 2}, 4) == {None: 2, 3: 1, 7: 1}
    population = _people(2, district_id=7) + _people(2, first_id=3) + _people(2, first_id=5, district_id=3)
    chosen = sample(population, 4, seed=4, stratify_by="district")
    assert Counter(c.district_id for c in chosen) == {None: 2, 3: 1, 7: 1}


def test_no_stratum_is_given_more_than_it_has():
    # 1/1/98 of 100, 50 drawn: quotas 0.5, 0.5, 49 → 0, 0, 49; the seat left goes to unit 1 (the lower key).
    assert allocate({1: 1, 2: 1, 3: 98}, 50) == {1: 1, 2: 0, 3: 49}
    assert allocate({1: 1, 2: 1, 3: 98}, 99) == {1: 1, 2: 1, 3: 97}
    assert allocate({1: 4, 2: 3}, 10) == {1: 4, 2: 3}


# --- second_rated ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "percent", "expected"),
    [(10, 25, 3), (10, 15, 2), (9, 50, 5), (3, 10, 0), (10, 0, 0), (10, 100, 10), (0, 50, 0), (7, 20, 1)],
)
def test_the_share_rated_twice_rounds_half_up(count, percent, expected):
    chosen = second_rated(count, percent, seed=9)
    assert len(chosen) == expected and chosen <= set(range(count))


def test_the_cases_rated_twice_are_drawn_with_the_seed_plus_one():
    assert second_rated(40, 25, seed=12) == second_rated(40, 25, seed=12)
    assert second_rated(40, 25, seed=12) == set(random.Random(13).sample(range(40), 10))
    assert second_rated(40, 25, seed=12) != second_rated(40, 25, seed=13)


def test_a_share_outside_0_to_100_is_refused():
    with pytest.raises(ValueError, match="percent"):
        second_rated(10, 101, seed=1)


# --- assign ------------------------------------------------------------------------------------


def test_first_raters_go_round_robin():
    pairs = assign(10, [101, 102, 103], set(), seed=5)
    assert sorted(Counter(first for first, _ in pairs).values()) == [3, 3, 4]
    assert all(second is None for _, second in pairs)
    # Round robin: the same reviewer every third case.
    assert [first for first, _ in pairs[3:]] == [first for first, _ in pairs[:7]]


def test_the_second_rater_is_always_someone_else_and_the_load_stays_even():
    pairs = assign(10, [101, 102, 103], set(range(10)), seed=5)
    assert all(second is not None and second != first for first, second in pairs)
    load = Counter(first for first, _ in pairs) + Counter(second for _, second in pairs)
    assert sorted(load.values()) == [6, 7, 7]


def test_a_share_rated_twice_keeps_the_load_within_one():
    second = second_rated(12, 25, seed=8)
    pairs = assign(12, [1, 2, 3, 4], second, seed=8)
    assert [index for index, (_, other) in enumerate(pairs) if other is not None] == sorted(second)
    assert all(first != other for first, other in pairs)
    load = Counter(first for first, _ in pairs) + Counter(other for _, other in pairs if other is not None)
    assert sorted(load.values()) == [3, 4, 4, 4]


def test_assignment_is_reproducible_whatever_the_reviewers_order():
    first = assign(9, [5, 6, 7], {0, 4, 8}, seed=21)
    assert assign(9, [7, 5, 6, 6], {0, 4, 8}, seed=21) == first
    assert len({tuple(assign(9, [5, 6, 7], {0, 4, 8}, seed=seed)) for seed in range(10)}) > 1


def test_one_reviewer_cannot_be_both_raters():
    assert assign(3, [5], set(), seed=1) == [(5, None), (5, None), (5, None)]
    with pytest.raises(ValueError, match="at least two reviewers"):
        assign(3, [5, 5], {1}, seed=1)
    with pytest.raises(ValueError, match="at least one reviewer"):
        assign(3, [], set(), seed=1)


# --- candidates ---------------------------------------------------------------------------------


def _at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CPH)


def _enrol(child, unit, start, end=None):
    f.EnrolmentFactory(child=child, group=f.GroupFactory(unit=unit), start=start, end=end)


def _screening(unit, staff, child, code, at):
    # Closed, since a unit has one open round at a time; one round per screening, since a child has one per round.
    screening_round = make_round(unit, staff, name=f"Runde {at:%Y-%m-%d}", closed_at=at)
    screening = make_screening(screening_round, child, f.GroupFactory(unit=unit), staff, code)
    Screening.objects.filter(pk=screening.pk).update(agreed_at=at)


def _concern(child, staff, observed_on):
    level = default_levels_and_guide()["lille"]
    Concern.objects.create(child=child, reported_by=staff, observed_on=observed_on, level=level, description="…")


def _notification(child, staff, at):
    Notification.objects.create(
        child=child, filed_by=staff, filed_at=at, received_at=at, grounds="other", description="…"
    )


def _response(child, measured_on, submitted=True):
    Response.objects.create(
        child=child, instrument=instrument(), respondent="parent", source="paper", measured_on=measured_on,
        submitted_at=_at(2026, 7, 2) if submitted else None,
    )  # fmt: skip


@pytest.fixture
def town(db):
    """Children with activity inside and just outside the first half of 2026, and one with none."""
    staff = f.UserFactory(username="karen")
    north, south = f.DistrictFactory(name="Nord"), f.DistrictFactory(name="Syd")
    school = f.UnitFactory(name="Skovskolen", kind=UnitKind.SCHOOL, district=north)
    kindergarten = f.UnitFactory(name="Solsikken", kind=UnitKind.KINDERGARTEN, district=south)
    club = f.UnitFactory(name="Klubben", kind=UnitKind.CLUB, district=None)
    child = {name: f.ChildFactory(first_name=name, birth_date=born) for name, born in [
        ("concern", datetime.date(2020, 6, 30)), ("meeting", datetime.date(2020, 7, 1)),
        ("cancelled", datetime.date(2020, 1, 1)), ("intervention", datetime.date(2012, 1, 1)),
        ("late", datetime.date(2008, 6, 30)), ("after", datetime.date(2010, 1, 1)),
        ("response", datetime.date(2016, 3, 1)), ("screening", datetime.date(2024, 1, 1)),
        ("nothing", datetime.date(2019, 1, 1)), ("before", datetime.date(2015, 1, 1)),
    ]}  # fmt: skip

    # Observed on the first day; moved from kindergarten to school (and club) in June: the school counts.
    _concern(child["concern"], staff, START)
    _enrol(child["concern"], kindergarten, datetime.date(2023, 8, 1), datetime.date(2026, 5, 31))
    _enrol(child["concern"], club, datetime.date(2026, 6, 1))
    _enrol(child["concern"], school, datetime.date(2026, 6, 1))
    _screening(kindergarten, staff, child["concern"], "gul", _at(2025, 11, 10))
    _screening(school, staff, child["concern"], "roed", _at(2026, 7, 1, 0, 30))  # after the period

    # A meeting on the evening of the last day; left kindergarten in March for nowhere: the latest counts.
    make_item(make_meeting(kindergarten, staff, starts_at=_at(2026, 6, 30, 20), ends_at=_at(2026, 6, 30, 21)),
              child["meeting"], staff)  # fmt: skip
    _enrol(child["meeting"], kindergarten, datetime.date(2023, 8, 1), datetime.date(2026, 3, 31))
    _enrol(child["meeting"], school, datetime.date(2026, 8, 1))  # starts after the period

    # Only a cancelled meeting, an unsubmitted form and a form of the day before.
    cancelled = make_meeting(kindergarten, staff, starts_at=_at(2026, 3, 3), ends_at=_at(2026, 3, 3, 14),
                             cancelled_at=_at(2026, 3, 1))  # fmt: skip
    make_item(cancelled, child["cancelled"], staff)
    _response(child["cancelled"], datetime.date(2026, 3, 1), submitted=False)
    _response(child["cancelled"], datetime.date(2025, 12, 31))

    # Help since 2025, closed on the first day: active in the period.
    make_intervention(child["intervention"], staff, start=datetime.date(2025, 9, 1), closed_on=START)
    _enrol(child["intervention"], club, datetime.date(2024, 8, 1))

    # Received at 23:30 on the last day, Danish time (21:30 UTC); 18 that day.
    _notification(child["late"], staff, _at(2026, 6, 30, 23, 30))
    # Received at 00:30 the day after (22:30 UTC on the last day), and agreed at 23:30 the day before.
    _notification(child["after"], staff, _at(2026, 7, 1, 0, 30))
    _screening(school, staff, child["after"], "groen", _at(2025, 12, 31, 23, 30))

    _response(child["response"], datetime.date(2026, 2, 1))
    _enrol(child["response"], school, datetime.date(2022, 8, 1))

    # Agreed at 00:30 on the first day (23:30 UTC the day before).
    _screening(kindergarten, staff, child["screening"], "roed", _at(2026, 1, 1, 0, 30))
    _enrol(child["screening"], kindergarten, datetime.date(2025, 1, 1))

    _enrol(child["nothing"], school, datetime.date(2025, 8, 1))

    _concern(child["before"], staff, datetime.date(2025, 12, 31))
    make_intervention(child["before"], staff, start=datetime.date(2025, 6, 1), closed_on=datetime.date(2025, 12, 31))
    return {"child": child, "school": school, "kindergarten": kindergarten, "club": club, "staff": staff}


def test_the_candidates_are_the_children_with_activity_in_the_period(town):
    child, school, kindergarten, club = town["child"], town["school"], town["kindergarten"], town["club"]
    north, south = school.district_id, kindergarten.district_id
    expected = [
        Candidate(child["concern"].pk, school.pk, north, "6-9", "Gul"),
        Candidate(child["meeting"].pk, kindergarten.pk, south, "3-5", ""),
        Candidate(child["intervention"].pk, club.pk, None, "14-17", ""),
        Candidate(child["late"].pk, None, None, "18+", ""),
        Candidate(child["response"].pk, school.pk, north, "10-13", ""),
        Candidate(child["screening"].pk, kindergarten.pk, south, "0-2", "Rød"),
    ]
    assert candidates(START, END) == sorted(expected, key=lambda c: c.child_id)


def test_the_candidates_take_one_query_however_many_children(town, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert len(candidates(START, END)) == 6
    staff, school = town["staff"], town["school"]
    for number in range(20):
        extra = f.ChildFactory(first_name=f"Ekstra{number}", birth_date=datetime.date(2015, 5, 5))
        _enrol(extra, school, datetime.date(2021, 8, 1))
        _concern(extra, staff, datetime.date(2026, 4, 1))
        _screening(school, staff, extra, "groen", _at(2026, 4, 2))
    with django_assert_max_num_queries(1):
        found = candidates(START, END)
    assert len(found) == 26
    assert found[-1] == Candidate(found[-1].child_id, school.pk, school.district_id, "10-13", "Grøn")
