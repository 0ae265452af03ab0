"""Reads of attendance for the effect dashboard: aggregates in the database, never a list of children.

``unit_ids`` is the scope the caller has already decided the user may see (None: the whole
municipality; an empty collection: nothing). The counts are exact: small-number suppression
(``lib.suppression``) is the page's job, as it is for the screening overviews.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, F, IntegerField, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from trivsel.attendance.models import AttendanceRecord

# The share of school days missed at which municipalities speak of concerning absence (bekymrende fravær).
HIGH_ABSENCE_PERCENT = 10

# Sums of a whole municipality's days need more digits than one record's five.
_DAYS = DecimalField(max_digits=12, decimal_places=1)
_ABSENT = F("sick_days") + F("authorised_days") + F("unauthorised_days")


@dataclass(frozen=True)
class MonthAttendance:
    """One calendar month (by the periods' first day): pupils, school days and days missed."""

    month: datetime.date  # the first of the month
    children: int
    expected_days: int
    absent: Decimal  # illness, authorised and unauthorised absence together
    unauthorised: Decimal

    @property
    def absence_percent(self) -> Decimal:
        return _percent(self.absent, self.expected_days)

    @property
    def unauthorised_percent(self) -> Decimal:
        return _percent(self.unauthorised, self.expected_days)


def _percent(days: Decimal, of: int) -> Decimal:
    # No school days means no absence either (a record's absence never exceeds its school days).
    if not of:
        return Decimal("0.0")
    return (days * 100 / of).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _records(unit_ids: Collection[int] | None, start: datetime.date, end: datetime.date) -> QuerySet[AttendanceRecord]:
    """Records whose period begins between ``start`` and ``end`` (both included)."""
    records = AttendanceRecord.objects.filter(period_start__gte=start, period_start__lte=end)
    if unit_ids is not None:
        records = records.filter(unit_id__in=list(unit_ids))
    return records.order_by()


def attendance_by_month(
    *, unit_ids: Collection[int] | None, start: datetime.date, end: datetime.date
) -> list[MonthAttendance]:
    """Month by month, oldest first, in one GROUP BY query; months without records are left out."""
    rows = (
        _records(unit_ids, start, end)
        .annotate(month=TruncMonth("period_start"))
        .values("month")
        .annotate(
            children=Count("child_id", distinct=True),
            expected=Sum("expected_days", output_field=IntegerField()),
            absent=Coalesce(Sum(_ABSENT, output_field=_DAYS), Decimal(0), output_field=_DAYS),
            unauthorised=Coalesce(Sum("unauthorised_days", output_field=_DAYS), Decimal(0), output_field=_DAYS),
        )
        .order_by("month")
    )
    return [
        MonthAttendance(
            month=_as_date(row["month"]),
            children=row["children"],
            expected_days=row["expected"] or 0,
            absent=row["absent"],
            unauthorised=row["unauthorised"],
        )
        for row in rows
    ]


def children_with_high_absence(
    *,
    unit_ids: Collection[int] | None,
    start: datetime.date,
    end: datetime.date,
    percent: int = HIGH_ABSENCE_PERCENT,
) -> int:
    """How many pupils missed at least ``percent`` % of their school days in the period, in one query.

    A pupil's days are added up over all their records in the period (and in the units), so that a
    pupil who changed school mid-year is counted once, on all their days.
    """
    per_child = (
        _records(unit_ids, start, end)
        .values("child_id")
        .annotate(absent=Sum(_ABSENT, output_field=_DAYS), expected=Sum("expected_days", output_field=IntegerField()))
        # absent / expected >= percent / 100, without a division (SQLite divides integers as integers).
        .annotate(absent_hundredfold=F("absent") * 100)
        .filter(expected__gt=0, absent_hundredfold__gte=F("expected") * percent)
    )
    return per_child.count()


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value
