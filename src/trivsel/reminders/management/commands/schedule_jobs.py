"""``manage.py schedule_jobs``: start the background jobs that schedule themselves, unless queued.

The jobs: reminders (every ``TRIVSEL_REMINDER_INTERVAL_MINUTES``), the generation of the
fora's meetings (daily) and the effect dashboard's count (``TRIVSEL_INDICATOR_INTERVAL_MINUTES``).
Run once per deployment (the demo command runs it at every start);
``manage.py db_worker`` then runs them. ``--now`` runs them once here instead, e.g. from cron
where no worker runs.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_tasks.base import Task

from trivsel.effect.refresh import indicators_refresh
from trivsel.effect.tasks import refresh_indicators
from trivsel.lib.jobs import queue, queued
from trivsel.meetings.tasks import generate_meetings, meetings_generate_all
from trivsel.reminders.services import reminders_run
from trivsel.reminders.tasks import send_reminders

JOBS: dict[str, Task[Any, Any]] = {
    "reminders": send_reminders,
    "meeting generation": generate_meetings,
    "effect dashboard count": refresh_indicators,
}


class Command(BaseCommand):
    help = (
        "Queue the background jobs (reminders, meetings, the dashboard's count) for db_worker, or run them with --now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run the jobs once here instead of queueing them.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            stats = reminders_run()
            meetings = meetings_generate_all()
            indicators_refresh()
            self.stdout.write(
                f"Created {stats['created']} reminders, sent {stats['emailed']} e-mails, "
                f"generated {meetings} meetings and counted the effect dashboard."
            )
            return
        for name, job in JOBS.items():
            if queued(job):
                self.stdout.write(f"The {name} job is already queued.")
            elif queue(job, datetime.timedelta(0)):
                self.stdout.write(f"Queued the {name} job; db_worker runs it and it queues its next run.")
