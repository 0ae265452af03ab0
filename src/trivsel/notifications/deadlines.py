"""The legal deadlines for handling a notification (Barnets Lov), computed, never stored."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from trivsel.lib.workdays import add_working_days, add_working_hours


def assessment_due(received_at: datetime.datetime) -> datetime.datetime:
    """§ 136: within 24 hours of receipt the authority assesses whether the child's health or
    development is in danger and acute measures are needed. Only time on working days counts."""
    return add_working_hours(received_at, 24)


def acknowledgement_due(received_at: datetime.datetime) -> datetime.date:
    """§ 137: a professional notifier gets an acknowledgement of receipt within 6 working days."""
    return add_working_days(timezone.localdate(received_at), 6)


def investigation_due(aware_on: datetime.date) -> datetime.date:
    """§ 20 stk. 3: a child investigation is done within 4 months of the authority becoming aware.

    relativedelta clamps to the month's end: 31 October + 4 months is 28 (or 29) February.
    """
    return aware_on + relativedelta(months=4)
