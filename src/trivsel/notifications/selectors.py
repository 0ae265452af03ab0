"""Reads of notifications: the case workers' inbox with its deadlines, and the notifier's own list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children.access import children_visible_to
from trivsel.children.selectors import child_get
from trivsel.lib.workdays import add_working_days, add_working_hours
from trivsel.notifications import deadlines
from trivsel.notifications.access import is_case_worker
from trivsel.notifications.models import Notification


@dataclass(frozen=True)
class Deadline:
    due: datetime.datetime | datetime.date
    done: bool
    overdue: bool
    due_soon: bool

    @property
    def has_time(self) -> bool:
        return isinstance(self.due, datetime.datetime)

    @property
    def moment(self) -> datetime.datetime:
        """For sorting: a date deadline runs to the end of that day (local time)."""
        if isinstance(self.due, datetime.datetime):
            return self.due
        next_day = datetime.datetime.combine(self.due + datetime.timedelta(days=1), datetime.time())
        return timezone.make_aware(next_day)


@dataclass(frozen=True)
class NotificationRow:
    notification: Notification
    assessment: Deadline
    acknowledgement: Deadline | None  # only professional notifiers get one (§ 137)
    investigation: Deadline

    @property
    def open_deadlines(self) -> list[Deadline]:
        found = [self.assessment, self.investigation]
        if self.acknowledgement is not None:
            found.append(self.acknowledgement)
        return [d for d in found if not d.done]

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self.open_deadlines)

    @property
    def next_due(self) -> datetime.datetime | None:
        moments = [d.moment for d in self.open_deadlines]
        return min(moments) if moments else None


def _deadline(due: datetime.datetime | datetime.date, done: bool, now: datetime.datetime) -> Deadline:
    """Overdue once the deadline has passed; due soon when it falls within one working day."""
    if done:
        return Deadline(due, True, False, False)
    if isinstance(due, datetime.datetime):
        return Deadline(due, False, now > due, now <= due <= add_working_hours(now, 24))
    day = timezone.localdate(now)
    return Deadline(due, False, day > due, day <= due <= add_working_days(day, 1))


def notification_row(notification: Notification, now: datetime.datetime | None = None) -> NotificationRow:
    moment = now or timezone.now()
    closed = notification.closed_at is not None
    received = notification.received_at
    acknowledgement = None
    if notification.notifier_is_professional:
        acknowledgement = _deadline(
            deadlines.acknowledgement_due(received), closed or notification.acknowledged_at is not None, moment
        )
    return NotificationRow(
        notification=notification,
        assessment=_deadline(
            deadlines.assessment_due(received), closed or notification.assessed_at is not None, moment
        ),
        acknowledgement=acknowledgement,
        investigation=_deadline(
            deadlines.investigation_due(timezone.localdate(received)),
            closed or notification.investigation_completed_on is not None,
            moment,
        ),
    )


def _sort_key(row: NotificationRow) -> tuple[int, float]:
    # Open deadlines first, nearest first; finished notifications last, newest first.
    nearest = row.next_due
    if nearest is None:
        return (1, -row.notification.received_at.timestamp())
    return (0, nearest.timestamp())


def notification_inbox(*, user: User, closed: bool = False) -> list[NotificationRow]:
    """The case workers' inbox: open notifications of the children they may see, nearest deadline
    first; with ``closed``, the closed ones, newest first."""
    if not is_case_worker(user):
        raise PermissionDenied
    log_access(actor=user, action=Action.READ, purpose="notification_inbox")
    notifications = (
        Notification.objects.filter(child__in=children_visible_to(user), closed_at__isnull=not closed)
        .select_related("child", "assigned_to")
        .order_by("-received_at")
    )
    now = timezone.now()
    rows = [notification_row(n, now) for n in notifications]
    return sorted(rows, key=_sort_key)


def notification_get(*, user: User, notification_id: int, purpose: str = "notification") -> NotificationRow:
    """One notification for a case worker who may handle the child; the same 404 otherwise."""
    notification = Notification.objects.select_related("filed_by", "assigned_to").filter(pk=notification_id).first()
    if notification is None or not is_case_worker(user):
        # An attempt on an existing notification is an attempt on that child's data: logged with the child.
        child_id = notification.child_id if notification is not None else None
        log_access(actor=user, action=Action.DENIED, child_id=child_id, purpose=purpose, status=404)
        raise Http404
    # child_get logs the read (or the denial) and raises the same 404 for a child the user may not see.
    child, _relation = child_get(
        user=user, child_id=notification.child_id, purpose=purpose, rule="view_child_details", denied_status=404
    )
    notification.child = child
    return notification_row(notification)


def notifications_filed_by(*, user: User) -> QuerySet[Notification]:
    """The notifier's own notifications: what they filed and whether it was acknowledged, nothing more."""
    log_access(actor=user, action=Action.READ, purpose="own_notifications")
    return Notification.objects.filter(filed_by=user).select_related("child").order_by("-received_at")
