"""Danish working days: weekends, public holidays and the municipality's extra closed days are skipped.

Public holidays come from python-holidays (DK, category "public"; Store Bededag is gone from 2024).
Municipal offices are also closed on some days that holidays lists only as optional (domain.md §5):
``settings.EXTRA_CLOSED_DAYS`` as "MM-DD" strings, by default 5 June, 24 and 31 December.
"""

from __future__ import annotations

import datetime
from functools import cache

import holidays
from django.conf import settings
from django.utils import timezone


@cache
def _public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("DK", years=year, categories=("public",)).keys())


def is_working_day(day: datetime.date) -> bool:
    if day.weekday() >= 5:
        return False
    if day.strftime("%m-%d") in settings.EXTRA_CLOSED_DAYS:
        return False
    return day not in _public_holidays(day.year)


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The date ``n`` working days after ``day`` (``day`` itself is not counted)."""
    if n < 0:
        raise ValueError("n must not be negative")
    current = day
    remaining = n
    while remaining:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def add_working_hours(moment: datetime.datetime, hours: int) -> datetime.datetime:
    """``moment`` plus ``hours`` hours, counting only time on working days (Danish time).

    Received Friday 14:00, 24 hours later is Monday 14:00; received on a closed day, the clock
    starts at the next working day's midnight. Wall-clock arithmetic is exact here: daylight
    saving time changes on a Sunday night in the EU, never on a working day.
    """
    if timezone.is_naive(moment):
        raise ValueError("moment must be timezone-aware")
    local = timezone.localtime(moment)
    remaining = datetime.timedelta(hours=hours)
    day = local.date()
    start = local
    while True:
        if is_working_day(day):
            day_end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))
            available = day_end - start
            if remaining <= available:
                return start + remaining
            remaining -= available
        day += datetime.timedelta(days=1)
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
