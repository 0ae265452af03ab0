"""``manage.py schedule_reminders``: start the self-scheduling reminder job, unless a run is already queued.

Run once per deployment (the demo command runs it at every start); ``manage.py db_worker`` then
runs the job and each run queues the next. ``--now`` runs it once in this process instead, e.g.
from cron where no worker runs.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from trivsel.reminders.services import reminders_run
from trivsel.reminders.tasks import schedule_next, send_reminders


class Command(BaseCommand):
    help = "Queue the reminder job for the background worker (db_worker), or run it once with --now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run the job once here instead of queueing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            stats = reminders_run()
            self.stdout.write(f"Created {stats['created']} reminders and sent {stats['emailed']} e-mails.")
            return
        waiting = [TaskResultStatus.READY, TaskResultStatus.RUNNING]  # a running job queues its own next run
        queued = DBTaskResult.objects.filter(task_path=send_reminders.module_path, status__in=waiting)
        if queued.exists():
            self.stdout.write("The reminder job is already queued.")
            return
        schedule_next(datetime.timedelta(0))
        self.stdout.write("Queued the reminder job; db_worker runs it and it queues its next run.")
