"""The reminder job, as a django-tasks task that schedules its own next run.

``manage.py db_worker`` runs it; ``manage.py schedule_reminders`` starts the chain once (the
demo command does). Each run queues the next one ``REMINDER_INTERVAL_MINUTES`` later, when the
backend can run tasks later (the database backend can; the immediate one used in tests cannot).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from trivsel.reminders.services import reminders_run


@task()
def send_reminders() -> dict[str, int]:
    stats = reminders_run()
    schedule_next()
    return stats


def schedule_next(delay: datetime.timedelta | None = None) -> bool:
    """Queue the next run; False when the backend cannot run a task later."""
    if not send_reminders.get_backend().supports_defer:
        return False
    wait = delay if delay is not None else datetime.timedelta(minutes=settings.REMINDER_INTERVAL_MINUTES)
    send_reminders.using(run_after=timezone.now() + wait).enqueue()
    return True
