"""The dashboard's periods: calendar half-years.

Every figure belongs to exactly one half-year and no figure spans several, so that no two choices
of period overlap: a count hidden in one half-year cannot be worked out by comparing a longer
period with a shorter one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from trivsel.lib.time import today

SHOWN = 4  # half-years on the dashboard unless chosen otherwise
LONGEST = 12


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int  # 1: January–June, 2: July–December

    @classmethod
    def of(cls, day: datetime.date) -> HalfYear:
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def parse(cls, text: str) -> HalfYear | None:
        """``2026-1`` or ``2026-2``; None for anything else."""
        year, _dash, half = text.partition("-")
        if not (year.isdigit() and len(year) == 4 and half in ("1", "2")):
            return None
        return cls(int(year), int(half))

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.half}"

    @property
    def label(self) -> str:
        return _("H%(half)d %(year)d") % {"half": self.half, "year": self.year}

    def next(self) -> HalfYear:
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)

    def previous(self) -> HalfYear:
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)


def half_years(first: HalfYear, last: HalfYear) -> list[HalfYear]:
    """From ``first`` to ``last``, at most ``LONGEST`` (the latest ones)."""
    periods = []
    current = first
    while current <= last:
        periods.append(current)
        current = current.next()
    return periods[-LONGEST:]


def recent(on: datetime.date | None = None, count: int = SHOWN) -> list[HalfYear]:
    last = HalfYear.of(on or today())
    first = last
    for _i in range(count - 1):
        first = first.previous()
    return half_years(first, last)


def choices(on: datetime.date | None = None, back: int = 10) -> list[HalfYear]:
    """The half-years one may choose: this one and the ``back`` before it, newest first."""
    return list(reversed(recent(on, back + 1)))
