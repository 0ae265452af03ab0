"""Every write of notifications: filing, and the authority's handling steps. Atomic and audited."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_change
from trivsel.children.access import can, relation_for
from trivsel.children.models import Child, GrantSource
from trivsel.children.services import access_grant_create
from trivsel.concerns.models import ActionGuideStep, Concern, StepAction
from trivsel.concerns.models import Status as ConcernStatus
from trivsel.concerns.services import concern_step_record
from trivsel.lib.time import today
from trivsel.notifications.access import authority_case_worker_memberships, authority_case_workers, may_handle
from trivsel.notifications.models import Grounds, Notification


def grant_days() -> int:
    """How long the authority's case workers may see a notified child (settings.py says why)."""
    return settings.NOTIFICATION_GRANT_DAYS


def _log(actor: User, notification: Notification, action: Action, changes: dict[str, tuple[object, object]]) -> None:
    log_change(
        actor=actor,
        action=action,
        obj=notification,
        child_id=notification.child_id,
        changes=changes,
        relation=relation_for(actor, notification.child),
        purpose="notification",
    )


def _require_handler(actor: User, notification: Notification) -> None:
    if not may_handle(actor, notification.child):
        raise PermissionDenied


def _mark_notify_step_done(actor: User, concern: Concern) -> None:
    """Filing from a concern completes the guide's notify step for the concern's level, if not done yet."""
    step = ActionGuideStep.objects.filter(level_id=concern.level_id, action=StepAction.NOTIFY).first()
    if step is None or concern.status != ConcernStatus.OPEN or concern.steps.filter(step_code=step.code).exists():
        return
    concern_step_record(actor=actor, concern=concern, step_code=step.code, done_on=today())


@transaction.atomic
def notification_file(
    *, actor: User, child: Child, grounds: str, description: str, concern: Concern | None = None
) -> Notification:
    """A professional with a relation to the child notifies the authority (§ 133).

    Every case worker of Børn og Familie gets time-limited access to the child, so that the
    notification can be assessed within 24 hours whoever is on duty. Filed from a concern, the
    notification is linked to it and the action guide's step "notify" is marked done.
    """
    if not can(actor, "view_child_details", child):
        raise PermissionDenied
    if concern is not None and concern.child_id != child.pk:
        raise PermissionDenied
    if grounds not in Grounds.values:
        raise ValidationError({"grounds": _("Choose the grounds for the notification.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe what you have seen or heard.")})
    now = timezone.now()
    notification = Notification.objects.create(
        child=child,
        filed_by=actor,
        filed_at=now,
        received_at=now,
        notifier_is_professional=True,
        grounds=grounds,
        description=description.strip(),
        concern=concern,
    )
    # The text is never changed after filing, so its history is the notification itself: not copied into the log.
    changes: dict[str, tuple[object, object]] = {"grounds": (None, grounds), "description": (None, "…")}
    if concern is not None:
        changes["concern"] = (None, concern.pk)
    _log(actor, notification, Action.CREATE, changes)
    ends_at = now + datetime.timedelta(days=grant_days())
    for case_worker in authority_case_workers():
        access_grant_create(
            actor=None,
            child=child,
            user=case_worker,
            source=GrantSource.NOTIFICATION,
            reason="Underretning",
            ends_at=ends_at,
            starts_at=now,
        )
    if concern is not None:
        _mark_notify_step_done(actor, concern)
    return notification


@transaction.atomic
def notification_assess(*, actor: User, notification: Notification, acute: bool, note: str) -> Notification:
    """§ 136: the 24-hour assessment of whether acute measures are needed."""
    _require_handler(actor, notification)
    if notification.assessed_at is not None:
        raise ValidationError(_("The notification has already been assessed."))
    notification.assessed_at = timezone.now()
    notification.acute_measures = acute
    notification.assessment_note = note.strip()
    notification.save(update_fields=["assessed_at", "acute_measures", "assessment_note"])
    changes: dict[str, tuple[object, object]] = {
        "assessed_at": (None, notification.assessed_at.isoformat()),
        "acute_measures": (None, acute),
    }
    if notification.assessment_note:
        changes["assessment_note"] = ("", "…")  # written once, kept on the notification only
    _log(actor, notification, Action.CHANGE, changes)
    return notification


@transaction.atomic
def notification_acknowledge(*, actor: User, notification: Notification) -> Notification:
    """§ 137: tell a professional notifier that the notification was received."""
    _require_handler(actor, notification)
    if not notification.notifier_is_professional:
        raise ValidationError(_("Only a professional notifier gets an acknowledgement."))
    if notification.acknowledged_at is not None:
        raise ValidationError(_("The notification has already been acknowledged."))
    notification.acknowledged_at = timezone.now()
    notification.save(update_fields=["acknowledged_at"])
    _log(actor, notification, Action.CHANGE, {"acknowledged_at": (None, notification.acknowledged_at.isoformat())})
    return notification


@transaction.atomic
def notification_start_investigation(*, actor: User, notification: Notification, on: datetime.date) -> Notification:
    """Record the start of a child investigation (børnefaglig undersøgelse, § 20)."""
    _require_handler(actor, notification)
    if notification.investigation_started_on is not None:
        raise ValidationError(_("The investigation has already been started."))
    if on < timezone.localdate(notification.received_at) or on > today():
        raise ValidationError({"on": _("The start must be between the day of receipt and today.")})
    notification.investigation_started_on = on
    notification.save(update_fields=["investigation_started_on"])
    _log(actor, notification, Action.CHANGE, {"investigation_started_on": (None, on.isoformat())})
    return notification


@transaction.atomic
def notification_assign(*, actor: User, notification: Notification, case_worker: User) -> Notification:
    """Make one case worker of Børn og Familie responsible for the notification."""
    _require_handler(actor, notification)
    if not authority_case_worker_memberships().filter(user=case_worker).exists():
        raise ValidationError({"case_worker": _("Choose a case worker of Børn og Familie.")})
    old = notification.assigned_to
    notification.assigned_to = case_worker
    notification.save(update_fields=["assigned_to"])
    _log(actor, notification, Action.CHANGE, {"assigned_to": (old, case_worker)})
    return notification


@transaction.atomic
def notification_complete_investigation(*, actor: User, notification: Notification, on: datetime.date) -> Notification:
    """Record that the child investigation is done: the § 20 stk. 3 deadline stops running."""
    _require_handler(actor, notification)
    started = notification.investigation_started_on
    if started is None:
        raise ValidationError(_("Record the start of the investigation first."))
    if notification.investigation_completed_on is not None:
        raise ValidationError(_("The investigation has already been completed."))
    if on < started or on > today():
        raise ValidationError({"on": _("The end must be between the start of the investigation and today.")})
    notification.investigation_completed_on = on
    notification.save(update_fields=["investigation_completed_on"])
    _log(actor, notification, Action.CHANGE, {"investigation_completed_on": (None, on.isoformat())})
    return notification


@transaction.atomic
def notification_close(*, actor: User, notification: Notification) -> Notification:
    """Close the notification: no deadline of it runs any more. It must have been assessed (§ 136)."""
    _require_handler(actor, notification)
    if notification.assessed_at is None:
        raise ValidationError(_("Assess the notification before closing it."))
    if notification.closed_at is not None:
        raise ValidationError(_("The notification has already been closed."))
    notification.closed_at = timezone.now()
    notification.save(update_fields=["closed_at"])
    _log(actor, notification, Action.CHANGE, {"closed_at": (None, notification.closed_at.isoformat())})
    return notification
