"""The reminder job: finds what is due, then queues its next run ``REMINDER_INTERVAL_MINUTES`` later."""

from __future__ import annotations

import datetime

from django.conf import settings
from django_tasks import task

from trivsel.lib.jobs import queue
from trivsel.reminders.services import reminders_run


@task()
def send_reminders() -> dict[str, int]:
    stats = reminders_run()
    schedule_next()
    return stats


def schedule_next(delay: datetime.timedelta | None = None) -> bool:
    wait = delay if delay is not None else datetime.timedelta(minutes=settings.REMINDER_INTERVAL_MINUTES)
    return queue(send_reminders, wait)
