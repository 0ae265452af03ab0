"""Cohen's kappa against values computed by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from trivsel.reviews.kappa import cohen_kappa

S, C, N = "strength", "challenge", "not_relevant"


def test_perfect_agreement_over_two_categories_is_one():
    result = cohen_kappa([(S, S), (C, C), (S, S), (C, C)])
    assert result.kappa == 1.0 and result.observed == 1 and result.cases == 4


def test_agreement_no_better_than_chance_is_zero():
    # Each rater half S, half C, independent: p_o = 1/2, p_e = 1/2 → 0.
    assert cohen_kappa([(S, S), (S, C), (C, S), (C, C)]).kappa == 0.0


def test_worked_two_by_two():
    # 50 cases: both S 20, first S second C 5, first C second S 10, both C 15.
    # p_o = 35/50 = 0.7; first S 25/50, second S 30/50; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; kappa = 0.4.
    pairs = [(S, S)] * 20 + [(S, C)] * 5 + [(C, S)] * 10 + [(C, C)] * 15
    result = cohen_kappa(pairs)
    assert result.observed == Fraction(7, 10)
    assert result.kappa == pytest.approx(0.4)


def test_worked_three_by_three():
    # Rows: first rater; columns: second. S: 10 2 0 · C: 1 8 1 · N: 0 2 6 (30 cases).
    # p_o = 24/30 = 0.8; margins first 12/10/8, second 11/12/7;
    # p_e = (12·11 + 10·12 + 8·7) / 900 = 308/900; kappa = (0.8 − 308/900) / (1 − 308/900) = 412/592.
    table = {(S, S): 10, (S, C): 2, (C, S): 1, (C, C): 8, (C, N): 1, (N, C): 2, (N, N): 6}
    pairs = [pair for pair, count in table.items() for _ in range(count)]
    result = cohen_kappa(pairs)
    assert result.observed == Fraction(4, 5)
    assert result.kappa == pytest.approx(412 / 592)
    assert result.kappa is not None and round(result.kappa, 3) == 0.696


def test_total_disagreement_is_negative():
    assert cohen_kappa([(S, C), (C, S)]).kappa == -1.0


def test_one_shared_category_only_leaves_kappa_undefined():
    result = cohen_kappa([(S, S), (S, S), (S, S)])
    assert result.kappa is None and result.observed == 1


def test_no_double_rated_cases():
    assert cohen_kappa([]) == cohen_kappa([]).__class__(cases=0, observed=None, kappa=None)
