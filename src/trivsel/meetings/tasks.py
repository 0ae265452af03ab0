"""The daily job that keeps every forum's meetings generated a year ahead."""

from __future__ import annotations

import datetime

from django_tasks import task

from trivsel.lib.jobs import queue
from trivsel.meetings.models import Forum
from trivsel.meetings.services import meetings_generate

EVERY = datetime.timedelta(days=1)


def meetings_generate_all() -> int:
    """Generate the coming year's meetings of every active forum with a cadence; how many were new."""
    return sum(len(meetings_generate(forum=f)) for f in Forum.objects.filter(is_active=True).exclude(cadence=""))


@task()
def generate_meetings() -> int:
    created = meetings_generate_all()
    queue(generate_meetings, EVERY)
    return created
