from __future__ import annotations

import datetime

from trivsel.effect.periods import HalfYear, choices, half_years, recent


def test_half_years():
    first = HalfYear.of(datetime.date(2026, 6, 30))
    assert (first, HalfYear.of(datetime.date(2026, 7, 1))) == (HalfYear(2026, 1), HalfYear(2026, 2))
    assert (first.start, first.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert (HalfYear(2026, 2).start, HalfYear(2026, 2).end) == (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))
    assert HalfYear(2026, 1).previous() == HalfYear(2025, 2) and HalfYear(2025, 2).next() == HalfYear(2026, 1)
    assert HalfYear.parse("2026-2") == HalfYear(2026, 2) and HalfYear(2026, 2).key == "2026-2"
    assert [HalfYear.parse(t) for t in ("2026-3", "26-1", "2026", "abcd-1")] == [None] * 4


def test_the_recent_half_years_and_the_choices():
    day = datetime.date(2026, 12, 1)
    assert recent(day) == [HalfYear(2025, 1), HalfYear(2025, 2), HalfYear(2026, 1), HalfYear(2026, 2)]
    assert choices(day)[0] == HalfYear(2026, 2) and len(choices(day)) == 11
    assert len(half_years(HalfYear(2010, 1), HalfYear(2026, 2))) == 12
