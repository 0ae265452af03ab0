"""A forum's meetings from its cadence: an RFC 5545 RRULE read by dateutil, in local time.

Examples: every 5th Monday ``FREQ=WEEKLY;INTERVAL=5;BYDAY=MO``; every 14 days
``FREQ=WEEKLY;INTERVAL=2``; twice a year ``FREQ=MONTHLY;BYMONTH=3,9;BYDAY=TU;BYSETPOS=1``. A meeting that falls on
a public holiday or closed day is left out when the forum says so (the next one is on cadence).
"""

from __future__ import annotations

import datetime

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.lib.workdays import is_working_day

PRESETS = {
    "every_5th_monday": "FREQ=WEEKLY;INTERVAL=5;BYDAY=MO",
    "every_4th_monday": "FREQ=WEEKLY;INTERVAL=4;BYDAY=MO",
    "every_14_days": "FREQ=WEEKLY;INTERVAL=2",
    "twice_a_year": "FREQ=MONTHLY;BYMONTH=3,9;BYDAY=TU;BYSETPOS=1",  # first Tuesday of March and September
}


def cadence_validate(rule: str) -> None:
    """A clear error for a rule dateutil cannot read, or one that never ends in a meeting."""
    if not rule:
        return
    try:
        rrulestr(rule, dtstart=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC))
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            {"cadence": _("The cadence is not a valid RRULE (e.g. FREQ=WEEKLY;INTERVAL=2).")}
        ) from exc


def occurrences(
    *,
    rule: str,
    first_day: datetime.date,
    start_time: datetime.time,
    after: datetime.date,
    until: datetime.date,
    skip_closed_days: bool,
) -> list[datetime.datetime]:
    """Aware start times of the meetings from ``after`` to ``until`` (both included)."""
    if not rule:
        return []
    # Recurrence in local wall-clock time, made aware afterwards: 9:00 stays 9:00 across summer time.
    start = datetime.datetime.combine(first_day, start_time)
    window_start = datetime.datetime.combine(max(after, first_day), datetime.time.min)
    window_end = datetime.datetime.combine(until, datetime.time.max)
    found = rrulestr(rule, dtstart=start).between(window_start, window_end, inc=True)
    days = [moment for moment in found if not skip_closed_days or is_working_day(moment.date())]
    return [timezone.make_aware(moment) for moment in days]
