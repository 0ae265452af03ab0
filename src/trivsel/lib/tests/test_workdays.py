"""Exact dates around weekends, Easter, Grundlovsdag and Christmas (2026 calendar)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from trivsel.lib.workdays import add_working_days, add_working_hours, is_working_day

D = datetime.date


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 11, 23), True),  # a Monday
        (D(2026, 11, 21), False),  # Saturday
        (D(2026, 11, 22), False),  # Sunday
        (D(2026, 4, 2), False),  # Skærtorsdag
        (D(2026, 4, 3), False),  # Langfredag
        (D(2026, 4, 6), False),  # 2. påskedag
        (D(2026, 5, 14), False),  # Kristi himmelfartsdag
        (D(2026, 5, 15), True),  # the Friday after: a working day
        (D(2026, 5, 25), False),  # 2. pinsedag
        (D(2026, 6, 5), False),  # Grundlovsdag: municipal offices closed (configurable)
        (D(2026, 12, 24), False),  # juleaften (configurable)
        (D(2026, 12, 25), False),
        (D(2026, 12, 28), True),
        (D(2026, 12, 31), False),  # nytårsaften (configurable)
        (D(2027, 1, 1), False),
        (D(2026, 5, 1), True),  # 1. maj is not a closed day by default
        (D(2024, 4, 26), True),  # Store Bededag was abolished from 2024
        (D(2023, 5, 5), False),  # ... but was a holiday in 2023
    ],
)
def test_it_knows_danish_working_days(day, working):
    assert is_working_day(day) is working


def test_the_extra_closed_days_are_configuration(settings):
    settings.EXTRA_CLOSED_DAYS = frozenset()
    assert is_working_day(D(2026, 6, 5))
    assert is_working_day(D(2026, 12, 24))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 11, 23), 6, D(2026, 12, 1)),  # Monday + 6 → Tuesday next week
        (D(2026, 11, 20), 1, D(2026, 11, 23)),  # Friday + 1 → Monday
        (D(2026, 11, 21), 1, D(2026, 11, 23)),  # from a Saturday
        (D(2026, 4, 1), 1, D(2026, 4, 7)),  # Wednesday before Easter → Tuesday after
        (D(2026, 6, 3), 6, D(2026, 6, 12)),  # across Grundlovsdag (Friday 5 June)
        (D(2026, 12, 21), 6, D(2027, 1, 4)),  # 22, 23, 28, 29, 30 Dec, 4 Jan: Christmas and New Year skipped
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
    ],
)
def test_it_adds_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 11, 23), -1)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (_at(2026, 11, 23, 10), _at(2026, 11, 24, 10)),  # Monday → Tuesday
        (_at(2026, 11, 20, 14), _at(2026, 11, 23, 14)),  # Friday 14:00 → Monday 14:00
        (_at(2026, 11, 21, 9, 30), _at(2026, 11, 24, 0)),  # Saturday: the clock starts Monday 00:00
        (_at(2026, 4, 1, 10), _at(2026, 4, 7, 10)),  # Wednesday before Easter → Tuesday after
        (_at(2026, 12, 23, 16), _at(2026, 12, 28, 16)),  # before juleaften → after Christmas
        (_at(2026, 3, 27, 12), _at(2026, 3, 30, 12)),  # across the switch to summer time (29 March)
    ],
)
def test_it_adds_24_working_hours(moment, expected):
    assert add_working_hours(moment, 24) == expected


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="aware"):
        add_working_hours(datetime.datetime(2026, 11, 23, 10), 24)
