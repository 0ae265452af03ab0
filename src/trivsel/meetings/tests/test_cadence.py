from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from trivsel.meetings.cadence import PRESETS, cadence_validate, occurrences

NINE = datetime.time(9)


def _days(rule, first, after, until, skip=True):
    found = occurrences(rule=rule, first_day=first, start_time=NINE, after=after, until=until, skip_closed_days=skip)
    return [moment.date().isoformat() for moment in found]


def test_every_fifth_monday_across_the_new_year():
    days = _days(
        PRESETS["every_5th_monday"], datetime.date(2026, 11, 2), datetime.date(2026, 11, 1), datetime.date(2027, 3, 31)
    )
    assert days == ["2026-11-02", "2026-12-07", "2027-01-11", "2027-02-15", "2027-03-22"]


def test_every_14_days_skips_whit_monday_but_keeps_the_rhythm():
    days = _days(
        PRESETS["every_14_days"], datetime.date(2027, 4, 19), datetime.date(2027, 4, 1), datetime.date(2027, 6, 1)
    )
    # 17 May 2027 is Whit Monday (2. pinsedag): left out; the next meeting is still 31 May.
    assert days == ["2027-04-19", "2027-05-03", "2027-05-31"]
    assert "2027-05-17" in _days(
        PRESETS["every_14_days"],
        datetime.date(2027, 4, 19),
        datetime.date(2027, 4, 1),
        datetime.date(2027, 6, 1),
        skip=False,
    )


def test_every_14_days_skips_easter_monday():
    days = _days(
        PRESETS["every_14_days"], datetime.date(2026, 3, 23), datetime.date(2026, 3, 1), datetime.date(2026, 4, 30)
    )
    assert days == ["2026-03-23", "2026-04-20"]  # 6 April 2026 is Easter Monday (2. påskedag)


def test_twice_a_year_on_the_first_tuesday_of_march_and_september():
    days = _days(
        PRESETS["twice_a_year"], datetime.date(2026, 9, 1), datetime.date(2026, 9, 1), datetime.date(2028, 1, 1)
    )
    assert days == ["2026-09-01", "2027-03-02", "2027-09-07"]


def test_only_the_window_is_returned_and_times_are_local():
    found = occurrences(
        rule=PRESETS["every_14_days"],
        first_day=datetime.date(2026, 1, 5),
        start_time=NINE,
        after=datetime.date(2026, 3, 20),
        until=datetime.date(2026, 4, 10),
        skip_closed_days=True,
    )
    assert [(m.date().isoformat(), m.hour, str(m.tzinfo)) for m in found] == [
        ("2026-03-30", 9, "Europe/Copenhagen"),  # summer time began 29 March: still 9 o'clock
    ]


def test_no_cadence_means_no_meetings():
    assert _days("", datetime.date(2026, 1, 5), datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)) == []


def test_an_unreadable_rule_is_refused_clearly():
    cadence_validate(PRESETS["every_5th_monday"])
    with pytest.raises(ValidationError) as error:
        cadence_validate("EVERY OTHER MONDAY")
    assert error.value.message_dict == {"cadence": ["The cadence is not a valid RRULE (e.g. FREQ=WEEKLY;INTERVAL=2)."]}
