from __future__ import annotations

import io

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from trivsel.reminders.tasks import schedule_next, send_reminders


def test_the_task_runs_the_job_and_queues_its_next_run(db, settings):
    settings.REMINDER_INTERVAL_MINUTES = 30
    assert send_reminders.call() == {"created": 0, "emailed": 0, "links": 0}
    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.status) == ("trivsel.reminders.tasks.send_reminders", "READY")
    assert 29 * 60 < (queued.run_after - queued.enqueued_at).total_seconds() <= 30 * 60


def test_schedule_jobs_queues_each_job_once(db):
    out = io.StringIO()
    call_command("schedule_jobs", stdout=out)
    call_command("schedule_jobs", stdout=out)
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "trivsel.effect.tasks.refresh_indicators",
        "trivsel.meetings.tasks.generate_meetings",
        "trivsel.reminders.tasks.send_reminders",
    ]
    assert out.getvalue().count("already queued") == 3


def test_schedule_jobs_now_runs_them_here(db):
    out = io.StringIO()
    call_command("schedule_jobs", "--now", stdout=out)
    assert out.getvalue().strip() == (
        "Created 0 reminders, sent 0 e-mails, generated 0 meetings and counted the effect dashboard."
    )
    assert DBTaskResult.objects.count() == 0


def test_a_backend_that_cannot_defer_does_not_chain(db, settings):
    # django-tasks drops its cached backends when the setting changes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert schedule_next() is False
    assert DBTaskResult.objects.count() == 0
