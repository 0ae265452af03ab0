"""Recording a concern, the guide steps done for it, and closing it; each logged with its fields.

Only professionals with a working relation to the child may (``view_child_details``); the
description and notes are never written to the log, only that they changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_change
from trivsel.children.access import can, relation_for
from trivsel.children.models import Child
from trivsel.concerns.models import ActionGuideStep, Area, Concern, ConcernLevel, ConcernStep, Status
from trivsel.lib.time import today

PURPOSE = "concern"


def _check_actor(actor: User, child: Child) -> None:
    if not can(actor, "view_child_details", child):
        raise PermissionDenied


@transaction.atomic
def concern_create(
    *,
    actor: User,
    child: Child,
    observed_on: datetime.date,
    description: str,
    areas: Sequence[str],
    level_code: str,
) -> Concern:
    _check_actor(actor, child)
    errors: dict[str, str] = {}
    if observed_on > today():
        errors["observed_on"] = _("The date of the observation cannot be in the future.")
    if not description.strip():
        errors["description"] = _("Describe what you observed.")
    if not areas:
        errors["areas"] = _("Choose at least one area.")
    elif any(a not in Area.values for a in areas):
        errors["areas"] = _("Choose areas from the list.")
    level = ConcernLevel.objects.filter(code=level_code).first()
    if level is None:
        errors["level"] = _("Choose a level of concern.")
    if errors:
        raise ValidationError(errors)
    assert level is not None
    concern = Concern(
        child=child,
        reported_by=actor,
        observed_on=observed_on,
        description=description.strip(),
        areas=sorted(set(areas), key=Area.values.index),
        level=level,
    )
    concern.full_clean()
    concern.save()
    log_change(
        actor=actor,
        action=Action.CREATE,
        obj=concern,
        child_id=child.pk,
        relation=relation_for(actor, child),
        purpose=PURPOSE,
        changes={
            "observed_on": (None, observed_on),
            "level": (None, level.code),
            "areas": (None, ", ".join(concern.areas)),
            "description": (None, "(text)"),
        },
    )
    return concern


@transaction.atomic
def concern_step_record(
    *, actor: User, concern: Concern, step_code: str, done_on: datetime.date, note: str = ""
) -> ConcernStep:
    """Mark a guide step for the concern's level as done."""
    child = concern.child
    _check_actor(actor, child)
    errors: dict[str, str] = {}
    step = ActionGuideStep.objects.filter(level_id=concern.level_id, code=step_code).first()
    if step is None:
        errors["step_code"] = _("This step is not in the action guide for this level.")
    elif concern.steps.filter(step_code=step_code).exists():
        errors["step_code"] = _("This step has already been marked as done.")
    if concern.status == Status.CLOSED:
        errors["step_code"] = _("The concern is closed.")
    if done_on > today():
        errors["done_on"] = _("The date cannot be in the future.")
    elif done_on < concern.observed_on:
        errors["done_on"] = _("The step cannot be done before the concern was observed.")
    if errors:
        raise ValidationError(errors)
    assert step is not None
    done = ConcernStep(
        concern=concern, step_code=step.code, step_title=step.title, done_on=done_on, done_by=actor, note=note.strip()
    )
    done.full_clean()
    done.save()
    log_change(
        actor=actor,
        action=Action.CREATE,
        obj=done,
        child_id=child.pk,
        relation=relation_for(actor, child),
        purpose=PURPOSE,
        changes={"step_code": (None, step.code), "done_on": (None, done_on), "note": (None, "(text)" if note else "")},
    )
    return done


@transaction.atomic
def concern_close(*, actor: User, concern: Concern) -> Concern:
    child = concern.child
    _check_actor(actor, child)
    if concern.status == Status.CLOSED:
        raise ValidationError(_("The concern is already closed."))
    concern.status = Status.CLOSED
    concern.closed_at = timezone.now()
    concern.save(update_fields=["status", "closed_at"])
    log_change(
        actor=actor,
        action=Action.CHANGE,
        obj=concern,
        child_id=child.pk,
        relation=relation_for(actor, child),
        purpose=PURPOSE,
        changes={"status": (Status.OPEN, Status.CLOSED), "closed_at": (None, concern.closed_at.isoformat())},
    )
    return concern
