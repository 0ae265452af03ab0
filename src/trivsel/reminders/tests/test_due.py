from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from trivsel.concerns.testing import default_levels_and_guide
from trivsel.concerns.tests.factories import make_concern, make_step
from trivsel.notifications.models import Notification
from trivsel.reminders.due import concern_candidates, notification_candidates, screening_candidates
from trivsel.screening.testing import make_round, make_screening
from trivsel.testing import factories as f

CPH = ZoneInfo("Europe/Copenhagen")


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CPH)


def _keys(candidates):
    return sorted((c.user_id, c.key) for c in candidates)


def test_a_round_due_within_three_days_reminds_the_leader_and_the_staff_of_groups_with_unrated_children(
    cast, settings, monkeypatch
):
    settings.SCREENING_REMINDER_DAYS = 3
    day = timezone.localdate()
    screening_round = make_round(cast.unit, cast.leader, deadline=day + datetime.timedelta(days=3))
    f.EnrolmentFactory(group=cast.other_group)  # Blå stue has a child nobody has rated either
    make_screening(screening_round, cast.child, cast.group, cast.leader, "groen")  # Rød stue is done
    found = screening_candidates(timezone.now())
    assert _keys(found) == sorted(
        [
            (cast.leader.pk, f"round:{screening_round.pk}:due"),
            (cast.other_pedagogue.pk, f"round:{screening_round.pk}:due"),
        ]
    )
    leader = next(c for c in found if c.user_id == cast.leader.pk)
    assert leader.params == {
        "round": "Efterår 2026",
        "unit": "Solsikken",
        "deadline": screening_round.deadline.isoformat(),
        "waiting": 1,
    }
    assert leader.url == f"/trivselsvurdering/runder/{screening_round.pk}/"


def test_a_round_four_days_ahead_is_not_due_yet_and_an_overdue_one_says_so(cast, settings):
    settings.SCREENING_REMINDER_DAYS = 3
    day = timezone.localdate()
    screening_round = make_round(cast.unit, cast.leader, deadline=day + datetime.timedelta(days=4))
    assert screening_candidates(timezone.now()) == []
    screening_round.opened_on, screening_round.deadline = (
        day - datetime.timedelta(days=30),
        day - datetime.timedelta(days=1),
    )
    screening_round.save()
    assert {c.key for c in screening_candidates(timezone.now())} == {f"round:{screening_round.pk}:overdue"}


def test_a_concern_without_a_step_after_fourteen_days_reminds_its_author(cast, settings):
    settings.CONCERN_REMINDER_DAYS = 14
    levels = default_levels_and_guide()
    now = _at(2026, 12, 1, 9)
    waiting = make_concern(cast.child, cast.pedagogue, levels["lille"], observed_on=datetime.date(2026, 11, 17))
    make_concern(cast.child, cast.pedagogue, levels["lille"], observed_on=datetime.date(2026, 11, 18))  # 13 days
    acted = make_concern(cast.child, cast.leader, levels["lille"], observed_on=datetime.date(2026, 11, 1))
    make_step(acted, cast.leader)
    found = concern_candidates(now)
    assert [(c.user_id, c.key, c.params) for c in found] == [
        (cast.pedagogue.pk, f"concern:{waiting.pk}:waiting", {"observed_on": "2026-11-17", "days": 14})
    ]


def _notification(cast, received: datetime.datetime, **fields) -> Notification:
    return Notification.objects.create(
        child=cast.child,
        filed_by=cast.pedagogue,
        filed_at=received,
        received_at=received,
        grounds="other",
        description="x",
        **fields,
    )


def test_an_assessment_due_within_a_working_day_reminds_every_case_worker_until_one_is_assigned(cast):
    # Received Friday 27 November 2026 at 14:00: the weekend does not count, so 24 hours end Monday at 14:00.
    notification = _notification(cast, _at(2026, 11, 27, 14))
    monday_morning = _at(2026, 11, 30, 9)
    found = [c for c in notification_candidates(monday_morning) if ":assess:" in c.key]
    assert [(c.user_id, c.key, c.due) for c in found] == [
        (cast.case_worker.pk, f"notification:{notification.pk}:assess:soon", _at(2026, 11, 30, 14))
    ]
    later = [c.key for c in notification_candidates(_at(2026, 11, 30, 15)) if ":assess:" in c.key]
    assert later == [f"notification:{notification.pk}:assess:overdue"]


def test_the_assigned_case_worker_alone_is_reminded_and_a_done_deadline_is_quiet(cast):
    other = f.MembershipFactory(role="case_worker", group=None, unit=cast.case_worker.memberships.get().unit).user
    notification = _notification(cast, _at(2026, 11, 27, 14), assigned_to=other, assessed_at=_at(2026, 11, 27, 15))
    keys = {(c.user_id, c.key.split(":")[2]) for c in notification_candidates(_at(2026, 12, 7, 9))}
    # Acknowledgement due 6 working days after 27 Nov: Monday 7 December (due today).
    assert keys == {(other.pk, "ack")}
    assert notification.pk


def test_an_investigation_is_reminded_fourteen_days_before_four_months(cast, settings):
    settings.INVESTIGATION_REMINDER_DAYS = 14
    received = _at(2026, 8, 3, 10)
    _notification(
        cast,
        received,
        assessed_at=received,
        acknowledged_at=received,
        investigation_started_on=datetime.date(2026, 8, 10),
    )
    # Four months after 3 August is 3 December; the deadline runs to the end of that day.
    assert [c.key.split(":")[2:] for c in notification_candidates(_at(2026, 11, 19, 12))] == []
    assert [c.key.split(":")[2:] for c in notification_candidates(_at(2026, 11, 20, 12))] == [["investigation", "soon"]]
    assert [c.key.split(":")[2:] for c in notification_candidates(_at(2026, 12, 4, 0, 30))] == [
        ["investigation", "overdue"]
    ]


def test_agreements_and_evaluations_remind_their_owner_before_they_are_due(cast, settings):
    from trivsel.meetings.models import Agreement
    from trivsel.meetings.testing import make_item, make_meeting
    from trivsel.plans.testing import make_intervention
    from trivsel.reminders.due import work_candidates

    settings.AGREEMENT_REMINDER_DAYS, settings.EVALUATION_REMINDER_DAYS = 2, 7
    day = timezone.localdate()
    item = make_item(make_meeting(cast.unit, cast.leader, days_ahead=-10), cast.child, cast.pedagogue)
    soon = Agreement.objects.create(
        item=item, child=cast.child, what="a", owner=cast.pedagogue, due=day + datetime.timedelta(days=2)
    )
    Agreement.objects.create(
        item=item, child=cast.child, what="b", owner=cast.pedagogue, due=day + datetime.timedelta(days=3)
    )
    late = Agreement.objects.create(
        item=item, child=cast.child, what="c", owner=cast.leader, due=day - datetime.timedelta(days=1)
    )
    Agreement.objects.create(item=item, child=cast.child, what="d", owner_other="Mor", due=day)  # no staff owner
    intervention = make_intervention(cast.child, cast.leader, evaluation_due=day + datetime.timedelta(days=7))
    make_intervention(cast.child, cast.leader, evaluation_due=day + datetime.timedelta(days=8))
    found = work_candidates(timezone.now())
    assert sorted((c.user_id, c.key, c.url) for c in found) == sorted(
        [
            (cast.pedagogue.pk, f"agreement:{soon.pk}:soon", "/mit-arbejde/"),
            (cast.leader.pk, f"agreement:{late.pk}:overdue", "/mit-arbejde/"),
            (
                cast.leader.pk,
                f"evaluation:{intervention.pk}:{intervention.evaluation_due.isoformat()}:soon",
                "/mit-arbejde/",
            ),
        ]
    )
