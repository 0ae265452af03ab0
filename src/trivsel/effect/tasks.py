"""The hourly count of the dashboard's figures (``refresh.py``); queues its own next run."""

from __future__ import annotations

import datetime

from django.conf import settings
from django_tasks import task

from trivsel.effect.refresh import indicators_refresh
from trivsel.lib.jobs import queue


@task()
def refresh_indicators() -> dict[str, int]:
    stats = indicators_refresh()
    queue(refresh_indicators, datetime.timedelta(minutes=settings.INDICATOR_INTERVAL_MINUTES))
    return stats
