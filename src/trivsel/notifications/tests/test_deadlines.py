from __future__ import annotations

import datetime
import zoneinfo

import pytest

from trivsel.notifications.deadlines import acknowledgement_due, assessment_due, investigation_due

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CPH)


def test_it_gives_an_assessment_received_on_friday_afternoon_until_monday_afternoon():
    # 2026-11-20 is a Friday: the weekend does not count towards the 24 hours (§ 136).
    assert assessment_due(at(2026, 11, 20, 14)) == at(2026, 11, 23, 14)


def test_it_skips_easter_for_the_assessment():
    # Wednesday before Easter: Maundy Thursday, Good Friday, the weekend and Easter Monday are skipped.
    assert assessment_due(at(2026, 4, 1, 10)) == at(2026, 4, 7, 10)


def test_it_gives_an_assessment_received_on_a_tuesday_morning_until_wednesday_morning():
    assert assessment_due(at(2026, 11, 24, 9, 30)) == at(2026, 11, 25, 9, 30)


def test_it_skips_christmas_and_new_year_for_the_acknowledgement():
    # 24, 25, 26 and 31 December and 1 January are closed, as are the weekends (§ 137).
    assert acknowledgement_due(at(2026, 12, 22, 11)) == datetime.date(2027, 1, 5)


def test_it_skips_constitution_day_for_the_acknowledgement():
    # 5 June 2026 is a Friday, and the municipality is closed.
    assert acknowledgement_due(at(2026, 6, 1, 11)) == datetime.date(2026, 6, 10)


def test_it_counts_the_acknowledgement_from_the_local_date_of_receipt():
    # 00:30 on Monday in Copenhagen is still Sunday in UTC; the Danish date is the one that counts.
    assert acknowledgement_due(at(2026, 6, 1, 0, 30)) == datetime.date(2026, 6, 10)


@pytest.mark.parametrize(
    ("aware_on", "due"),
    [
        (datetime.date(2026, 10, 31), datetime.date(2027, 2, 28)),
        (datetime.date(2027, 10, 31), datetime.date(2028, 2, 29)),
        (datetime.date(2026, 3, 15), datetime.date(2026, 7, 15)),
    ],
)
def test_it_gives_the_investigation_four_calendar_months(aware_on, due):
    assert investigation_due(aware_on) == due
