from __future__ import annotations

import datetime

import pytest

from trivsel.accounts.models import User
from trivsel.demo.screening import _season
from trivsel.screening.models import Rating, Screening, ScreeningRound
from trivsel.screening.selectors import rounds_for
from trivsel.screening.services import missing_next_steps

from .test_seed_demo import seed


@pytest.mark.parametrize(
    ("on", "back", "expected"),
    [
        (datetime.date(2026, 12, 1), 0, ("Efterår 2026", datetime.date(2026, 9, 1))),
        (datetime.date(2026, 12, 1), 1, ("Forår 2026", datetime.date(2026, 3, 1))),
        (datetime.date(2026, 12, 1), 2, ("Efterår 2025", datetime.date(2025, 9, 1))),
        (datetime.date(2026, 5, 10), 0, ("Forår 2026", datetime.date(2026, 3, 1))),
        (datetime.date(2026, 5, 10), 1, ("Efterår 2025", datetime.date(2025, 9, 1))),
    ],
)
def test_rounds_are_spring_and_autumn(on, back, expected):
    assert _season(on, back) == expected


@pytest.fixture
def demo(db):
    return seed("--rounds", "3")


def test_every_screened_unit_gets_its_rounds_the_newest_open_and_chained(demo):
    open_rounds = ScreeningRound.objects.filter(closed_at__isnull=True)
    assert open_rounds.exists()
    for screening_round in open_rounds.select_related("previous__previous"):
        assert screening_round.previous is not None and screening_round.previous.previous is not None
        assert screening_round.previous.previous.previous_id is None
        assert screening_round.unit.screening_rounds.count() == 3


def test_closed_rounds_give_every_yellow_or_red_child_a_next_step(demo):
    for screening_round in ScreeningRound.objects.filter(closed_at__isnull=False):
        assert missing_next_steps(screening_round) == []
    assert Screening.objects.filter(position__needs_next_step=True).exists()
    assert Screening.objects.filter(position__order=1).count() > Screening.objects.exclude(position__order=1).count()


def test_every_round_has_own_ratings_and_the_open_one_part_of_the_joint_ones(demo):
    open_ids = ScreeningRound.objects.filter(closed_at__isnull=True).values("id")
    assert Rating.objects.filter(round_id__in=open_ids).exists()
    assert Rating.objects.exclude(round_id__in=open_ids).exists()
    closed = Screening.objects.exclude(round_id__in=open_ids).count()
    assert 0 < Screening.objects.filter(round_id__in=open_ids).count() < closed / 2  # 3 rounds, half agreed


def test_the_demo_pedagogue_has_a_group_to_rate(demo):
    assert rounds_for(User.objects.get(username="paedagog")).filter(closed_at__isnull=True).exists()
