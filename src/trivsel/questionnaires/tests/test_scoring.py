"""SDQ scoring with exact expected values (domain.md §4)."""

from __future__ import annotations

import pytest

from trivsel.questionnaires.instruments import DATA, instrument_read
from trivsel.questionnaires.scoring import band, half_up, score

PARENT = instrument_read(DATA / "sdq-parent-4-17.json")
TEACHER = instrument_read(DATA / "sdq-teacher-4-17.json")
SELF = instrument_read(DATA / "sdq-self-11-17.json")
REVERSED = (7, 11, 14, 21, 25)


def _all(value: int) -> dict[int, int | None]:
    return dict.fromkeys(range(1, 26), value)


def test_every_scale_with_all_items_answered():
    # Every item "Passer delvist" (1): 5 on each scale, reversed items count 1 too.
    result = score(PARENT, _all(1), gate=0)
    assert result.scores == {
        "emotional": 5, "conduct": 5, "hyperactivity": 5, "peer": 5, "prosocial": 5,
        "total": 20, "externalising": 10, "internalising": 10, "impact": 0,
    }  # fmt: skip


def test_reverse_scored_items_count_the_other_way():
    answers = _all(0)
    result = score(PARENT, answers)
    # All "Passer ikke": the reversed items 7 (conduct), 21, 25 (hyperactivity), 11, 14 (peer) give 2 points each.
    assert (
        result.scores["emotional"],
        result.scores["conduct"],
        result.scores["hyperactivity"],
        result.scores["peer"],
    ) == (0, 2, 4, 4)
    assert result.scores["total"] == 10
    answers = _all(2)
    result = score(PARENT, answers)
    assert (
        result.scores["conduct"],
        result.scores["hyperactivity"],
        result.scores["peer"],
        result.scores["prosocial"],
    ) == (8, 6, 6, 10)


def test_prorating_with_four_and_three_answered_items():
    answers = _all(0)
    # Emotional: items 3, 8, 13, 16, 24 → answer 2, 0, 0, missing, missing: 2 points on 3 items = 3.33 → 3.
    answers.update({3: 2, 8: 0, 13: 0, 16: None, 24: None})
    assert score(PARENT, answers).scores["emotional"] == 3
    # 4 points on 3 items = 6.67 → 7 (the official example).
    answers.update({3: 2, 8: 2, 13: 0})
    assert score(PARENT, answers).scores["emotional"] == 7
    # 3 points on 4 items = 3.75 → 4.
    answers.update({3: 2, 8: 1, 13: 0, 16: 0, 24: None})
    assert score(PARENT, answers).scores["emotional"] == 4


def test_half_up_rounding_two_points_on_four_items_gives_three():
    answers = _all(0)
    answers.update({3: 1, 8: 1, 13: 0, 16: 0, 24: None})  # 2 points on 4 items: 2.5 → 3 (round() would give 2)
    assert score(PARENT, answers).scores["emotional"] == 3
    assert round(2.5) == 2 and half_up(5, 2) == 3 and half_up(20, 3) == 7 and half_up(9, 4) == 2


def test_fewer_than_three_answered_leaves_the_scale_and_the_total_missing():
    answers = _all(1)
    answers.update({3: 1, 8: 2, 13: None, 16: None, 24: None})
    result = score(PARENT, answers)
    assert result.scores["emotional"] is None
    assert result.scores["total"] is None and result.scores["internalising"] is None
    assert result.scores["externalising"] == 10  # conduct and hyperactivity are complete
    assert result.bands["emotional"] is None and result.bands["total"] is None


def test_impact_is_zero_without_difficulties_and_the_sum_of_points_with():
    answers = _all(1)
    assert score(PARENT, answers, gate=0, impact={"distress": 3}).scores["impact"] == 0
    impact = {"distress": 3, "home": 2, "friendships": 1, "classroom": 0, "leisure": 3}
    assert score(PARENT, answers, gate=2, impact=impact).scores["impact"] == 2 + 1 + 0 + 0 + 2
    assert score(PARENT, answers, gate=1, impact={**impact, "leisure": None}).scores["impact"] is None
    assert score(PARENT, answers).scores["impact"] is None  # the question not answered


def test_the_teacher_impact_runs_from_0_to_6():
    answers = _all(1)
    worst = {"distress": 3, "peers": 3, "classroom": 3}
    assert score(TEACHER, answers, gate=3, impact=worst).scores["impact"] == 6
    assert TEACHER.impact is not None and PARENT.impact is not None
    assert TEACHER.impact.maximum == 6 and PARENT.impact.maximum == 10
    assert score(TEACHER, answers, gate=3, impact={"distress": 2, "peers": 1, "classroom": 0}).scores["impact"] == 1


# Every band edge of every version with norms (domain.md §4, UK norms): (version, score, [(value, band)]).
EDGES = [
    (PARENT, "total", [(0, 0), (13, 0), (14, 1), (16, 1), (17, 2), (19, 2), (20, 3), (40, 3)]),
    (PARENT, "emotional", [(0, 0), (3, 0), (4, 1), (5, 2), (6, 2), (7, 3), (10, 3)]),
    (PARENT, "conduct", [(0, 0), (2, 0), (3, 1), (4, 2), (5, 2), (6, 3), (10, 3)]),
    (PARENT, "hyperactivity", [(0, 0), (5, 0), (6, 1), (7, 1), (8, 2), (9, 3), (10, 3)]),
    (PARENT, "peer", [(0, 0), (2, 0), (3, 1), (4, 2), (5, 3), (10, 3)]),
    (PARENT, "prosocial", [(10, 0), (8, 0), (7, 1), (6, 2), (5, 3), (0, 3)]),
    (PARENT, "impact", [(0, 0), (1, 1), (2, 2), (3, 3), (10, 3)]),
    (TEACHER, "total", [(0, 0), (11, 0), (12, 1), (15, 1), (16, 2), (18, 2), (19, 3), (40, 3)]),
    (TEACHER, "emotional", [(0, 0), (3, 0), (4, 1), (5, 2), (6, 3), (10, 3)]),
    (TEACHER, "conduct", [(0, 0), (2, 0), (3, 1), (4, 2), (5, 3), (10, 3)]),
    (TEACHER, "hyperactivity", [(0, 0), (5, 0), (6, 1), (7, 1), (8, 2), (9, 3), (10, 3)]),
    (TEACHER, "peer", [(0, 0), (2, 0), (3, 1), (4, 1), (5, 2), (6, 3), (10, 3)]),
    (TEACHER, "prosocial", [(10, 0), (6, 0), (5, 1), (4, 2), (3, 3), (0, 3)]),
    (TEACHER, "impact", [(0, 0), (1, 1), (2, 2), (3, 3), (6, 3)]),
    (SELF, "total", [(0, 0), (14, 0), (15, 1), (17, 1), (18, 2), (19, 2), (20, 3), (40, 3)]),
    (SELF, "emotional", [(0, 0), (4, 0), (5, 1), (6, 2), (7, 3), (10, 3)]),
    (SELF, "conduct", [(0, 0), (3, 0), (4, 1), (5, 2), (6, 3), (10, 3)]),
    (SELF, "hyperactivity", [(0, 0), (5, 0), (6, 1), (7, 2), (8, 3), (10, 3)]),
    (SELF, "peer", [(0, 0), (2, 0), (3, 1), (4, 2), (5, 3), (10, 3)]),
    (SELF, "prosocial", [(10, 0), (7, 0), (6, 1), (5, 2), (4, 3), (0, 3)]),
    (SELF, "impact", [(0, 0), (1, 1), (2, 2), (3, 3), (10, 3)]),
]


@pytest.mark.parametrize(("definition", "code", "edges"), EDGES, ids=[f"{d.code}-{c}" for d, c, _e in EDGES])
def test_every_band_edge(definition, code, edges):
    assert [(value, band(definition, code, value)) for value, _expected in edges] == edges


def test_band_labels_say_raised_for_difficulties_and_lowered_for_prosocial():
    result = score(PARENT, _all(2), gate=0)
    assert result.scores["prosocial"] == 10 and result.band_label(PARENT, "prosocial") == "Tæt på gennemsnittet"
    low = score(PARENT, {**_all(2), 1: 0, 4: 0, 9: 0, 17: 0, 20: 0}, gate=0)
    assert low.band_label(PARENT, "prosocial") == "Meget lav" and low.band_label(PARENT, "total") == "Meget høj"


def test_the_2_to_4_versions_score_the_same_scales_but_have_no_norms_yet():
    toddler = instrument_read(DATA / "sdq-parent-2-4.json")
    result = score(toddler, _all(1), gate=0)
    assert result.scores["total"] == 20 and result.bands["total"] is None and result.band_label(toddler, "total") == ""


EXPERIENCE = instrument_read(DATA / "family-experience-parent.json")


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([4, 4, 4, 4, 4, 4], 100),
        ([0, 0, 0, 0, 0, 0], 0),
        ([3, 3, 3, 3, 3, 3], 75),
        ([4, 4, 2, 2, None, None], 75),  # four answered: the mean of those
        ([1, 1, 1, 0, 0, 0], 13),  # 3 / 24 · 100 = 12.5, half up
        ([3, 3, 2, 2, 2, 2], 58),  # 14 / 24 · 100 = 58.3
        ([4, 4, 4, None, None, None], None),  # fewer than four answered: missing
    ],
)
def test_the_family_experience_score_runs_from_0_to_100(answers, expected):
    result = score(EXPERIENCE, dict(enumerate(answers, start=1)))
    assert result.scores == {"experience": expected}
    assert result.bands == {"experience": None}
