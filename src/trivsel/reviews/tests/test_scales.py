"""The rating scales: values, labels, and what each value counts as."""

from __future__ import annotations

import pytest
from django.utils import translation

from trivsel.reviews.models import RatingScale
from trivsel.reviews.scales import Polarity, option, options, polarity, scale_choices, values_of


def test_every_scale_has_options():
    assert set(RatingScale.values) == {"strength", "four"}
    for scale in RatingScale.values:
        assert options(scale)


def test_strength_scale_values_count_as_themselves():
    assert values_of(RatingScale.STRENGTH) == ("strength", "challenge", "not_relevant")
    assert polarity(RatingScale.STRENGTH, "strength") == Polarity.STRENGTH
    assert polarity(RatingScale.STRENGTH, "challenge") == Polarity.CHALLENGE
    assert polarity(RatingScale.STRENGTH, "not_relevant") == Polarity.NONE


def test_one_and_two_are_challenges_three_and_four_strengths():
    assert values_of(RatingScale.FOUR) == ("1", "2", "3", "4")
    assert [polarity(RatingScale.FOUR, v) for v in "1234"] == [
        Polarity.CHALLENGE,
        Polarity.CHALLENGE,
        Polarity.STRENGTH,
        Polarity.STRENGTH,
    ]


def test_polarity_values_are_the_three_named():
    assert Polarity.values == ["strength", "challenge", "none"]


@pytest.mark.parametrize(("scale", "value"), [("strength", "4"), ("four", "strength"), ("four", "5"), ("four", "")])
def test_a_value_not_on_the_scale_is_refused(scale, value):
    assert option(scale, value) is None
    with pytest.raises(ValueError, match="is not a value"):
        polarity(scale, value)


def test_labels_are_translated_lazily_from_english():
    with translation.override("en"):
        assert [(v, str(label)) for v, label in scale_choices(RatingScale.STRENGTH)] == [
            ("strength", "Strength"),
            ("challenge", "Challenge"),
            ("not_relevant", "Not relevant"),
        ]
        one, four = option(RatingScale.FOUR, "1"), option(RatingScale.FOUR, "4")
        assert one is not None and four is not None
        assert (str(one.label), str(four.label)) == ("1 – a clear challenge", "4 – a clear strength")


def test_an_unknown_scale_has_no_options():
    with pytest.raises(KeyError):
        options("five")
