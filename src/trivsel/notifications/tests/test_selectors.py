from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from trivsel.audit.models import AccessLog
from trivsel.notifications.models import Grounds, Notification
from trivsel.notifications.selectors import (
    notification_get,
    notification_inbox,
    notification_row,
    notifications_filed_by,
)
from trivsel.notifications.services import notification_file
from trivsel.testing import factories as f

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(year: int, month: int, day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=CPH)


def _received(notification: Notification, moment: datetime.datetime) -> Notification:
    Notification.objects.filter(pk=notification.pk).update(received_at=moment, filed_at=moment)
    notification.refresh_from_db()
    return notification


def test_it_marks_deadlines_overdue_and_due_soon(filed):
    # Received Friday 20 November 2026 at 14:00: assessment due Monday 14:00, acknowledgement Monday 30th.
    notification = _received(filed, at(2026, 11, 20, 14))
    row = notification_row(notification, now=at(2026, 11, 23, 15))
    assert (row.assessment.due, row.assessment.overdue, row.assessment.due_soon) == (at(2026, 11, 23, 14), True, False)
    assert row.acknowledgement is not None
    assert (row.acknowledgement.due, row.acknowledgement.overdue) == (datetime.date(2026, 11, 30), False)
    assert row.acknowledgement.due_soon is False
    assert (row.investigation.due, row.investigation.overdue) == (datetime.date(2027, 3, 20), False)
    assert row.overdue is True
    soon = notification_row(notification, now=at(2026, 11, 20, 15))
    assert (soon.assessment.overdue, soon.assessment.due_soon, soon.overdue) == (False, True, False)


def test_it_calls_a_date_deadline_due_soon_the_working_day_before(filed):
    notification = _received(filed, at(2026, 11, 20, 14))
    friday_before = notification_row(notification, now=at(2026, 11, 27, 9))
    thursday_before = notification_row(notification, now=at(2026, 11, 26, 9))
    on_the_day = notification_row(notification, now=at(2026, 11, 30, 23))
    day_after = notification_row(notification, now=at(2026, 12, 1, 0))
    acknowledgements = [r.acknowledgement for r in (thursday_before, friday_before, on_the_day, day_after)]
    assert [a.due_soon if a else None for a in acknowledgements] == [False, True, True, False]
    assert [a.overdue if a else None for a in acknowledgements] == [False, False, False, True]


def test_a_done_step_is_neither_overdue_nor_open(filed):
    notification = _received(filed, at(2026, 11, 20, 14))
    notification.assessed_at = at(2026, 11, 20, 16)
    notification.acknowledged_at = at(2026, 11, 21, 16)
    row = notification_row(notification, now=at(2027, 1, 4, 9))
    assert (row.assessment.done, row.assessment.overdue) == (True, False)
    assert row.acknowledgement is not None and row.acknowledgement.done is True
    assert row.open_deadlines == [row.investigation]
    assert row.next_due == datetime.datetime(2027, 3, 21, tzinfo=CPH)


def test_a_notifier_who_is_not_a_professional_has_no_acknowledgement_deadline(filed):
    filed.notifier_is_professional = False
    assert notification_row(filed).acknowledgement is None


def test_a_closed_notification_has_no_open_deadline(filed):
    filed.closed_at = timezone.now()
    row = notification_row(filed)
    assert (row.open_deadlines, row.next_due, row.overdue) == ([], None, False)


def test_the_inbox_shows_the_open_notifications_nearest_deadline_first_and_the_closed_apart(cast):
    other_child = f.ChildFactory(first_name="Oscar")
    f.EnrolmentFactory(child=other_child, group=cast.group)
    older = notification_file(actor=cast.pedagogue, child=other_child, grounds=Grounds.OTHER, description="x")
    newer = notification_file(actor=cast.pedagogue, child=cast.child, grounds=Grounds.ABUSE, description="y")
    done = notification_file(actor=cast.pedagogue, child=cast.child, grounds=Grounds.OTHER, description="z")
    _received(older, timezone.now() - datetime.timedelta(days=2))
    Notification.objects.filter(pk=done.pk).update(closed_at=timezone.now())
    rows = notification_inbox(user=cast.case_worker)
    assert [r.notification.pk for r in rows] == [older.pk, newer.pk]
    assert [r.notification.pk for r in notification_inbox(user=cast.case_worker, closed=True)] == [done.pk]
    assert AccessLog.objects.filter(purpose="notification_inbox", user_id=cast.case_worker.pk).count() == 2


def test_the_inbox_leaves_out_children_the_case_worker_cannot_see(cast, filed):
    elsewhere = f.MembershipFactory(user__username="anna")  # frontline elsewhere, notifies on her own child
    child = f.ChildFactory()
    f.EnrolmentFactory(child=child, group=elsewhere.group)
    notification_file(actor=elsewhere.user, child=child, grounds=Grounds.OTHER, description="x")
    other_bof = f.MembershipFactory(role="case_worker", group=None, unit=f.UnitFactory(kind="ppr")).user
    assert {r.notification.child_id for r in notification_inbox(user=cast.case_worker)} == {cast.child.pk, child.pk}
    assert notification_inbox(user=other_bof) == []


@pytest.mark.parametrize("who", ["pedagogue", "leader", "parent"])
def test_the_inbox_is_only_for_case_workers(cast, who):
    with pytest.raises(PermissionDenied):
        notification_inbox(user=getattr(cast, who))


def test_a_case_worker_with_access_gets_a_notification_and_the_read_is_logged(cast, filed):
    row = notification_get(user=cast.case_worker, notification_id=filed.pk)
    assert row.notification == filed
    log = AccessLog.objects.filter(user_id=cast.case_worker.pk).get()
    assert (log.action, log.child_id, log.purpose) == ("read", cast.child.pk, "notification")


@pytest.mark.parametrize("who", ["pedagogue", "outsider", "parent", "leader"])
def test_others_get_the_same_404_as_for_a_missing_notification(cast, filed, who):
    with pytest.raises(Http404):
        notification_get(user=getattr(cast, who), notification_id=filed.pk)
    with pytest.raises(Http404):
        notification_get(user=getattr(cast, who), notification_id=filed.pk + 1000)


def test_a_case_worker_without_access_to_the_child_gets_404(cast, filed):
    newcomer = f.MembershipFactory(role="case_worker", group=None, unit=f.UnitFactory(kind="ppr")).user
    with pytest.raises(Http404):
        notification_get(user=newcomer, notification_id=filed.pk)
    assert AccessLog.objects.filter(user_id=newcomer.pk).values_list("action", "status").get() == ("denied", 404)


def test_the_notifier_sees_only_their_own_notifications(cast, filed):
    notification_file(actor=cast.leader, child=cast.child, grounds=Grounds.OTHER, description="x")
    assert list(notifications_filed_by(user=cast.pedagogue)) == [filed]
    assert list(notifications_filed_by(user=cast.other_pedagogue)) == []
