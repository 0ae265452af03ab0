"""The results of a review round, against counts worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from trivsel.lib.suppression import Cell
from trivsel.reviews import results
from trivsel.reviews.models import Criterion, Rating, Review, ReviewRound
from trivsel.reviews.testing import add_case, add_cases, make_review_round, make_schema, review_raters, spread
from trivsel.testing import factories as f

S, C, N = "strength", "challenge", "not_relevant"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _columns(a1, a2, a3, b1):
    """One rating mapping per case from four columns of values."""
    return [{"a1": w, "a2": x, "a3": y, "b1": z} for w, x, y, z in zip(a1, a2, a3, b1, strict=True)]


def _fresh(review_round: ReviewRound) -> ReviewRound:
    return ReviewRound.objects.select_related("schema").get(pk=review_round.pk)


def _cells(counts: results.Counts) -> tuple[Cell, Cell, Cell, Cell]:
    return counts.strength, counts.challenge, counts.not_relevant, counts.rated


@pytest.fixture
def one_place(db):
    """20 reviewed cases in one unit and age band, plus drafts and second ratings that must not count.

    a1: 11 strengths, 6 challenges, 3 not relevant · a2: 5 / 15 / 0 · a3: 12 / 8 / 0
    b1 (1–4): 2 × "1", 6 × "2", 7 × "3", 5 × "4" → 12 strengths, 8 challenges.
    """
    unit = f.UnitFactory(name="Skovbørnehaven")
    review_round = make_review_round(make_schema())
    ratings = _columns(
        spread(strength=11, challenge=6, not_relevant=3),
        spread(strength=5, challenge=15),
        spread(strength=12, challenge=8),
        spread(_1=2, _2=6, _3=7, _4=5),
    )
    cases = add_cases(review_round, ratings, unit=unit, age_band="6-9")
    everything_a_challenge = {"a1": C, "a2": C, "a3": C, "b1": "1"}
    _, second_rater = review_raters()
    for case in cases[:5]:  # the second rater's ratings are for the agreement only
        review = Review.objects.create(case=case, reviewer=second_rater, is_second=True, submitted_at=timezone.now())
        criteria = Criterion.objects.filter(schema=review_round.schema)
        Rating.objects.bulk_create(
            Rating(review=review, criterion=c, value=everything_a_challenge[c.code]) for c in criteria
        )
    for number in (21, 22):  # drafts: not submitted, not counted
        add_case(review_round, number, everything_a_challenge, unit=unit, age_band="6-9", submitted=False)
    add_case(review_round, 23, None, everything_a_challenge, unit=unit, age_band="6-9")  # only a second review
    add_case(review_round, 24, None, unit=unit, age_band="6-9")  # not reviewed yet
    return review_round


def test_heatmap_counts_the_first_raters_submitted_ratings_by_polarity(one_place):
    heatmap = results.heatmap(one_place)
    assert [c.label for c in heatmap.columns] == ["All cases"]
    assert heatmap.columns[0] == results.Column(key="", label="All cases", cases=Cell(20, False), small=False)
    assert [(r.theme, r.criterion.code) for r in heatmap.rows] == [
        ("Tidlig opsporing", "a1"),
        ("Tidlig opsporing", "a2"),
        ("Tidlig opsporing", "a3"),
        ("Samarbejde", "b1"),
    ]
    a1, a2, a3, b1 = (row.cells[0] for row in heatmap.rows)
    assert _cells(a2) == (Cell(5, False), Cell(15, False), Cell(0, False), Cell(20, False))
    assert (a2.strength_share, a2.challenge_share, a2.not_relevant_share, a2.colour) == (
        "25 %",
        "75 %",
        "0 %",
        "heat-3",
    )
    assert _cells(a3) == (Cell(12, False), Cell(8, False), Cell(0, False), Cell(20, False))
    assert (a3.strength_share, a3.challenge_share, a3.colour) == ("60 %", "40 %", "heat-2")
    # On the 1–4 scale, 1–2 are challenges and 3–4 strengths; nothing is "not relevant".
    assert _cells(b1) == (Cell(12, False), Cell(8, False), Cell(0, False), Cell(20, False))
    assert heatmap.rows[0].total == a1


def test_a_count_of_three_is_hidden_with_a_complementary_cell(one_place):
    a1 = results.heatmap(one_place).rows[0].cells[0]
    # 3 not relevant is "<5"; with the 20 rated shown it would follow from 11 + 6, so the smallest
    # other count (the 6 challenges) is hidden too. The strengths stay: 11 + ? + ? = 20 tells neither.
    assert _cells(a1) == (Cell(11, False), Cell(6, True), Cell(3, True), Cell(20, False))
    assert [str(c) for c in _cells(a1)] == ["11", "<5", "<5", "20"]
    assert (a1.strength_share, a1.challenge_share, a1.not_relevant_share) == ("55 %", "hidden", "hidden")
    assert a1.colour == "heat-hidden"  # a colour by the true share would tell it


def test_the_same_cells_are_hidden_by_unit_district_and_age_band(one_place):
    overall = results.heatmap(one_place).rows[0].total
    for by in ("unit", "district", "age_band"):
        heatmap = results.heatmap(one_place, by=by)
        assert len(heatmap.columns) == 1 and heatmap.columns[0].cases == Cell(20, False)
        assert heatmap.rows[0].cells[0] == overall and heatmap.rows[0].total == overall
    assert results.heatmap(one_place, by="unit").columns[0].label == "Skovbørnehaven"


def test_challenges_first_orders_by_share_then_schema_with_hidden_shares_last(one_place):
    ranked = results.challenges_first(one_place)
    # a2 75 %; a3 and b1 both 40 % (a3 comes first in the schema); a1's share is hidden.
    assert [r.criterion.code for r in ranked] == ["a2", "a3", "b1", "a1"]
    assert [r.counts.challenge_share for r in ranked] == ["75 %", "40 %", "40 %", "hidden"]
    assert ranked[0].counts.challenge == Cell(15, False)


@pytest.fixture
def small_unit(db):
    """Every rating a strength: 10 cases in Ahornen and 3 in Birken, both in Nord, all aged 3-5."""
    nord = f.DistrictFactory(name="Nord")
    ahornen, birken = f.UnitFactory(name="Ahornen", district=nord), f.UnitFactory(name="Birken", district=nord)
    review_round = make_review_round(make_schema())
    strong = {"a1": S, "a2": S, "a3": S, "b1": "4"}
    add_cases(review_round, [strong] * 10, unit=ahornen, age_band="3-5")
    add_cases(review_round, [strong] * 3, unit=birken, age_band="3-5")
    return review_round


def test_a_group_of_fewer_than_five_cases_is_hidden_as_a_whole_and_its_neighbour_with_it(small_unit):
    heatmap = results.heatmap(small_unit, by="unit")
    assert [(c.label, c.cases, c.small) for c in heatmap.columns] == [
        ("Ahornen", Cell(10, True), False),
        ("Birken", Cell(3, True), True),
    ]
    for row in heatmap.rows:
        ahornen, birken = row.cells
        # Birken's zeros are hidden too ("all three are strengths" is as telling as the count), and
        # Ahornen's cells are hidden because Nord's and the whole round's counts minus them give Birken's.
        assert _cells(birken) == (Cell(3, True), Cell(0, True), Cell(0, True), Cell(3, True))
        assert _cells(ahornen) == (Cell(10, True), Cell(0, True), Cell(0, True), Cell(10, True))
        assert {ahornen.colour, birken.colour} == {"heat-hidden"}
        assert (ahornen.strength_share, birken.challenge_share) == ("hidden", "hidden")
        assert _cells(row.total) == (Cell(13, False), Cell(0, False), Cell(0, False), Cell(13, False))
        assert (row.total.strength_share, row.total.colour) == ("100 %", "heat-0")
    assert results.heatmap(small_unit, by="district").columns[0].cases == Cell(13, False)
    assert results.heatmap(small_unit).columns[0].cases == Cell(13, False)


def test_age_bands_are_in_the_order_of_their_numbers_and_not_given_last(db):
    unit = f.UnitFactory()
    review_round = make_review_round(make_schema())
    strong = {"a1": S, "a2": S, "a3": S, "b1": "3"}
    add_cases(review_round, [strong] * 5, unit=unit, age_band="10-17")
    add_cases(review_round, [strong] * 6, unit=unit, age_band="3-5")
    add_cases(review_round, [strong] * 5, unit=unit)
    heatmap = results.heatmap(review_round, by="age_band")
    assert [(c.key, c.label, c.cases) for c in heatmap.columns] == [
        ("3-5", "3-5", Cell(6, False)),
        ("10-17", "10-17", Cell(5, False)),
        ("-", "Not given", Cell(5, False)),
    ]
    assert [c.strength for c in heatmap.rows[3].cells] == [Cell(6, False), Cell(5, False), Cell(5, False)]


def test_heatmap_refuses_an_unknown_grouping(one_place):
    with pytest.raises(ValueError, match="cannot group"):
        results.heatmap(one_place, by="position")


def test_the_number_of_queries_does_not_grow_with_the_cases(db):
    unit = f.UnitFactory()
    review_round = make_review_round(make_schema())
    mixed = [{"a1": v, "a2": S, "a3": C, "b1": "2"} for v in spread(strength=3, challenge=2)]
    add_cases(review_round, mixed, unit=unit, age_band="3-5")
    counts = []
    for _ in range(2):
        fresh = _fresh(review_round)
        with CaptureQueriesContext(connection) as queries:
            results.heatmap(fresh, by="unit")
        counts.append(len(queries))
        add_cases(review_round, mixed * 10, unit=f.UnitFactory(), age_band="6-9")
    # The reviews' stamp, the criteria, the cases by place, the ratings by place and value.
    assert counts == [4, 4]


def test_one_round_object_is_counted_once_until_a_review_changes(one_place):
    results.heatmap(one_place)
    with CaptureQueriesContext(connection) as queries:
        results.challenges_first(one_place)
    assert len(queries) == 1  # only the stamp
    add_case(one_place, 30, {"a1": S, "a2": S, "a3": S, "b1": "4"})
    assert results.heatmap(one_place).columns[0].cases == Cell(21, False)


@pytest.fixture
def double_rated(db):
    """12 cases; the second rater submitted a1 for cases 1–10 (and a2 for 1–4), and a draft for case 11.

    a1 pairs (first, second): 4 × (S, S), 3 × (C, C), (S, C), (C, S), (N, N).
    """
    review_round = make_review_round(make_schema())
    pairs = [(S, S)] * 4 + [(C, C)] * 3 + [(S, C), (C, S), (N, N)]
    for number, (first, second) in enumerate(pairs, start=1):
        other = {"a2": (S, S, C, S)[number - 1]} if number <= 4 else {}
        add_case(review_round, number, {"a1": first, "a2": S, "a3": S, "b1": "3"}, {"a1": second, **other})
    add_case(review_round, 11, {"a1": S, "a2": S, "a3": S, "b1": "3"}, {"a1": C}, second_submitted=False)
    add_case(review_round, 12, {"a1": S, "a2": S, "a3": S, "b1": "3"})
    return review_round


def test_kappa_per_criterion_matches_the_hand_computation(double_rated):
    a1, a2, a3, b1 = results.agreement(double_rated)
    assert [line.criterion.code for line in (a1, a2, a3, b1)] == ["a1", "a2", "a3", "b1"]
    # p_o = 8/10; both raters 5 S, 4 C, 1 N: p_e = (5·5 + 4·4 + 1·1) / 100 = 0.42;
    # kappa = (0.8 − 0.42) / (1 − 0.42) = 0.38 / 0.58 = 19/29.
    assert a1.cases == Cell(10, False)
    assert a1.observed == Fraction(4, 5)
    assert a1.kappa == pytest.approx(19 / 29)
    assert (a1.observed_text, a1.kappa_text) == ("80 %", "0.66")
    # Four cases rated twice: a small count, and too few to give an agreement.
    assert (a2.cases, a2.observed, a2.kappa, a2.observed_text, a2.kappa_text) == (Cell(4, True), None, None, "–", "–")
    assert (a3.cases, a3.observed, a3.kappa) == (Cell(0, False), None, None)


def test_agreement_reads_all_pairs_in_two_queries(double_rated):
    with CaptureQueriesContext(connection) as queries:
        results.agreement(double_rated)
    assert len(queries) == 2  # the criteria, and every pair at once


def test_summary_counts_cases_and_submitted_reviews(double_rated):
    assert results.summary(double_rated) == results.Summary(
        sampled=12, reviewed=Cell(12, False), double_rated=Cell(10, False), reviews=Cell(22, False)
    )


@pytest.fixture
def two_rounds(db):
    """Version 1 (a1, a2, old1) rated in 2025 by 10 cases; version 2 (a1, a2, new1) in 2026 by 20.

    2025: a1 5 S / 5 C · a2 10 S · old1 5 S / 5 C.   2026: a1 15 S / 5 C · a2 5 S / 15 C · new1 10 / 10.
    """
    before = make_review_round(
        make_schema({"Tidlig opsporing": ["a1", "a2", "old1"]}, version=1, four=()), name="Sagsgennemgang 2025"
    )
    add_cases(
        before,
        [{"a1": a, "a2": S, "old1": a} for a in spread(strength=5, challenge=5)],
    )
    schema = make_schema({"Tidlig opsporing": ["a1", "a2"], "Samarbejde": ["new1"]}, version=2, four=())
    now = make_review_round(schema, previous=before)
    a1, a2, new1 = spread(strength=15, challenge=5), spread(strength=5, challenge=15), spread(strength=10, challenge=10)
    add_cases(now, [{"a1": x, "a2": y, "new1": z} for x, y, z in zip(a1, a2, new1, strict=True)])
    return now


def test_comparison_matches_criteria_by_code_across_schema_versions(two_rounds):
    a1, a2, new1, old1 = results.comparison(two_rounds)
    assert a1.now and a1.then and a2.now and a2.then and new1.now and old1.then
    assert (a1.code, a1.status, a1.criterion.schema.version) == ("a1", "both", 2)
    assert (a1.then.strength_share, a1.now.strength_share) == ("50 %", "75 %")
    assert (a1.strength_points, a1.challenge_points) == (25, -25)
    assert (a1.strength_change, a1.challenge_change) == ("+25", "−25")
    assert (a2.then.challenge_share, a2.now.challenge_share, a2.challenge_change, a2.strength_change) == (
        "0 %",
        "75 %",
        "+75",
        "−75",
    )
    assert (new1.code, new1.status, new1.status_label, new1.then) == ("new1", "new", "New criterion", None)
    assert new1.now.challenge_share == "50 %" and new1.challenge_change == ""
    assert (old1.code, old1.status, old1.status_label, old1.now) == ("old1", "dropped", "Dropped criterion", None)
    assert old1.criterion.schema.version == 1 and old1.then.strength_share == "50 %"


def test_no_comparison_without_an_earlier_round_of_the_same_family(two_rounds):
    assert results.comparison(two_rounds.previous) == []
    other = make_review_round(make_schema(family="andet-skema"), previous=two_rounds)
    assert results.comparison(other) == []


def test_a_hidden_share_gives_no_change(two_rounds):
    add_cases(two_rounds.previous, [{"a1": N, "a2": S, "old1": S}] * 2)  # 2 not relevant in 2025: hidden
    a1 = results.comparison(_fresh(two_rounds))[0]
    assert a1.then is not None
    assert a1.then.not_relevant == Cell(2, True)
    assert a1.then.rated == Cell(12, False)
    # 5 S + 5 C + 2 N = 12: hiding the 2 hides one of 5 and 5 with it (the first, the strengths).
    assert (a1.then.strength_share, a1.strength_points, a1.strength_change) == ("hidden", None, "hidden")
    assert (a1.then.challenge_share, a1.challenge_points, a1.challenge_change) == ("42 %", -17, "−17")


def test_no_result_names_a_child(db):
    review_round = make_review_round(make_schema())
    for number in range(1, 7):
        child = f.ChildFactory(first_name="Emma", last_name=f"Testesen{number}")
        add_case(review_round, number, {"a1": S, "a2": C, "a3": S, "b1": "2"}, {"a1": S}, child=child)
    found = [
        results.heatmap(review_round),
        results.challenges_first(review_round),
        results.agreement(review_round),
        results.comparison(review_round),
        results.summary(review_round),
    ]
    assert "Emma" not in repr(found) and "Testesen" not in repr(found)
