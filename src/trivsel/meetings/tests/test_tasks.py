from __future__ import annotations

import datetime

from django_tasks_db.models import DBTaskResult

from trivsel.lib.time import today
from trivsel.meetings.models import Forum, ForumKind, Meeting
from trivsel.meetings.tasks import generate_meetings
from trivsel.organisation.models import Role


def test_the_daily_job_generates_every_active_forums_meetings_and_queues_tomorrows_run(cast):
    monday = today() - datetime.timedelta(days=today().weekday())
    Forum.objects.create(
        name="Ressourceteam", kind=ForumKind.RESOURCE_TEAM, unit=cast.unit, chair_role=Role.LEADER,
        cadence="FREQ=WEEKLY;INTERVAL=2", first_day=monday, start_time=datetime.time(13),
    )  # fmt: skip
    Forum.objects.create(name="Ved behov", kind=ForumKind.DIALOGUE, unit=cast.unit, chair_role=Role.LEADER)
    created = generate_meetings.call()
    assert created == Meeting.objects.count() >= 24  # a year of every other week, holidays left out
    assert generate_meetings.call() == 0
    assert (
        DBTaskResult.objects.filter(task_path="trivsel.meetings.tasks.generate_meetings", status="READY").count() == 2
    )
