"""Dates in the municipality's time zone; never naive datetimes."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    """Whole years of age on a date (a child born 29 February turns a year older on 1 March)."""
    return relativedelta(on, birth_date).years
