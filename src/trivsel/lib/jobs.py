"""Background jobs that schedule their own next run (django-tasks, database backend).

A job is a ``@task`` that ends by calling ``queue(itself, delay)``; ``manage.py schedule_jobs``
starts each chain once. Where the backend cannot run a task later (the immediate backend of
tests), nothing is queued.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult


def queue(task: Task[Any, Any], delay: datetime.timedelta) -> bool:
    """Run ``task`` after ``delay``; False when the backend cannot run a task later."""
    if not task.get_backend().supports_defer:
        return False
    task.using(run_after=timezone.now() + delay).enqueue()
    return True


def queued(task: Task[Any, Any]) -> bool:
    """A run of ``task`` waits or is running (and will queue the next itself)."""
    waiting = [TaskResultStatus.READY, TaskResultStatus.RUNNING]
    return DBTaskResult.objects.filter(task_path=task.module_path, status__in=waiting).exists()
