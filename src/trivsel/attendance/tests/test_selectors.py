from __future__ import annotations

import datetime
from decimal import Decimal

from trivsel.attendance.selectors import MonthAttendance, attendance_by_month, children_with_high_absence
from trivsel.attendance.testing import make_pupil, make_record, make_school

D = datetime.date
START, END = D(2026, 1, 1), D(2026, 12, 31)


def _month(month, children, expected, absent, unauthorised):
    return MonthAttendance(month, children, expected, Decimal(absent), Decimal(unauthorised))


def test_attendance_by_month_adds_up_each_month_in_one_query(school, django_assert_num_queries):
    other = make_school(name="Bakkeskolen")
    dina = make_pupil(other, "0404154004", "Dina")
    sept, octo = (D(2026, 9, 1), D(2026, 9, 30)), (D(2026, 10, 1), D(2026, 10, 31))
    make_record(
        school.alma, school.unit, *sept, expected_days=21, sick_days=Decimal("2.5"), unauthorised_days=Decimal(1)
    )
    make_record(school.bo, school.unit, *sept, expected_days=21, authorised_days=Decimal("0.5"))
    # Weekly periods of one pupil: counted once in the month their periods begin.
    make_record(school.carl, school.unit, D(2026, 9, 28), D(2026, 10, 4), expected_days=5, sick_days=Decimal(1))
    make_record(school.carl, school.unit, D(2026, 10, 5), D(2026, 10, 11), expected_days=5)
    make_record(school.alma, school.unit, *octo, expected_days=18, unauthorised_days=Decimal(3))
    make_record(dina, other.unit, *sept, expected_days=21, sick_days=Decimal(7))
    make_record(dina, other.unit, D(2025, 12, 1), D(2025, 12, 31), expected_days=15)  # before the period

    with django_assert_num_queries(1):
        months = attendance_by_month(unit_ids=[school.unit.pk], start=START, end=END)
    assert months == [
        _month(D(2026, 9, 1), 3, 47, "5.0", "1.0"),
        _month(D(2026, 10, 1), 2, 23, "3.0", "3.0"),
    ]
    assert [m.absence_percent for m in months] == [Decimal("10.6"), Decimal("13.0")]
    assert [m.unauthorised_percent for m in months] == [Decimal("2.1"), Decimal("13.0")]

    # The whole municipality: Dina's school too.
    assert attendance_by_month(unit_ids=None, start=START, end=END) == [
        _month(D(2026, 9, 1), 4, 68, "12.0", "1.0"),
        _month(D(2026, 10, 1), 2, 23, "3.0", "3.0"),
    ]
    assert attendance_by_month(unit_ids=None, start=D(2025, 12, 1), end=D(2026, 9, 27)) == [
        _month(D(2025, 12, 1), 1, 15, "0.0", "0.0"),
        _month(D(2026, 9, 1), 3, 63, "11.0", "1.0"),  # Carl's week from 28 September begins after the end
    ]
    assert attendance_by_month(unit_ids=[], start=START, end=END) == []


def test_a_month_without_school_days_has_no_absence(school):
    make_record(school.alma, school.unit, D(2026, 7, 1), D(2026, 7, 31), expected_days=0)
    (july,) = attendance_by_month(unit_ids=None, start=START, end=END)
    assert (july.expected_days, july.absence_percent) == (0, Decimal("0.0"))


def test_a_municipality_adds_up_beyond_one_records_digits(school):
    # 30 periods of 366 days, all missed: 10,980 days, more than a record's 9,999.9.
    for n in range(30):
        start = D(2026, 1, 1) + datetime.timedelta(days=n)
        make_record(school.alma, school.unit, start, start, expected_days=366, sick_days=Decimal(366))
    (january,) = attendance_by_month(unit_ids=None, start=START, end=END)
    assert (january.expected_days, january.absent, january.absence_percent) == (10980, Decimal(10980), Decimal(100))


def test_children_with_high_absence_counts_pupils_at_or_above_ten_percent(school, django_assert_num_queries):
    sept = (D(2026, 9, 1), D(2026, 9, 30))
    make_record(school.alma, school.unit, *sept, expected_days=20, sick_days=Decimal(1), unauthorised_days=Decimal(1))
    make_record(school.bo, school.unit, *sept, expected_days=20, sick_days=Decimal("1.9"))  # 9.5 %
    # Carl: 1 of 20 days in September, 3 of 20 in October: 10 % over both months.
    make_record(school.carl, school.unit, *sept, expected_days=20, authorised_days=Decimal(1))
    make_record(school.carl, school.unit, D(2026, 10, 1), D(2026, 10, 31), expected_days=20, sick_days=Decimal(3))
    # Dina missed every day at another school; Eva had no school days.
    other = make_school(name="Bakkeskolen")
    make_record(make_pupil(other, "0404154004", "Dina"), other.unit, *sept, expected_days=20, sick_days=Decimal(20))
    make_record(make_pupil(school.group, "0505154005", "Eva"), school.unit, *sept, expected_days=0)

    with django_assert_num_queries(1):
        assert children_with_high_absence(unit_ids=[school.unit.pk], start=START, end=END) == 2  # Alma and Carl
    assert children_with_high_absence(unit_ids=None, start=START, end=END) == 3
    assert children_with_high_absence(unit_ids=[school.unit.pk], start=sept[0], end=sept[1]) == 1  # Alma
    assert children_with_high_absence(unit_ids=[school.unit.pk], percent=5, start=START, end=END) == 3
    assert children_with_high_absence(unit_ids=[], start=START, end=END) == 0
