"""Transitions and their handovers: every write checks who may, and is written to the access log."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_change
from trivsel.children.access import can, current_enrolments, relation_for
from trivsel.children.models import Child, Enrolment, GrantSource, Guardian
from trivsel.children.services import (
    EnrolmentPeriod,
    access_grant_create,
    access_grant_revoke,
    enrolment_periods,
    enrolment_validate,
)
from trivsel.consent.models import Method, Purpose
from trivsel.consent.services import Recipient, consent_record
from trivsel.lib.time import today
from trivsel.meetings.models import ForumKind, Meeting
from trivsel.organisation.models import Group, Membership, Role, Unit
from trivsel.transitions import access
from trivsel.transitions.content import TEXT_FIELDS, freeze
from trivsel.transitions.models import Handover, Status, Transition

PURPOSE = "transition"
EDITABLE = (Status.DRAFT, Status.WITH_PARENTS, Status.APPROVED)


def _log(
    actor: User,
    obj: Transition | Handover | Meeting,
    child: Child,
    action: Action,
    changes: Mapping[str, tuple[object, object]],
) -> None:
    log_change(
        actor=actor,
        action=action,
        obj=obj,
        child_id=child.pk,
        relation=relation_for(actor, child),
        purpose=PURPOSE,
        changes=changes,
    )


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def sending_enrolment(child: Child, unit: Unit) -> Enrolment | None:
    return current_enrolments().filter(child=child, unit=unit).select_related("group").first()


def sending_staff(enrolment: Enrolment) -> list[User]:
    """Who loses access when the child moves: the unit's leaders and the group's pedagogues/teachers."""
    day = today()
    memberships = Membership.objects.filter(unit_id=enrolment.unit_id, start__lte=day).exclude(end__lt=day)
    leaders = memberships.filter(role=Role.LEADER)
    frontline = memberships.filter(role=Role.FRONTLINE, group_id=enrolment.group_id) if enrolment.group_id else None
    ids = set(leaders.values_list("user_id", flat=True))
    if frontline is not None:
        ids |= set(frontline.values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _validate_new(
    child: Child, from_unit: Unit, to_unit: Unit, to_group: Group | None, moves_on: datetime.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if to_unit.pk == from_unit.pk:
        errors["to_unit"] = _("The receiving unit must be another unit than the sending one.")
    if to_group is not None and to_group.unit_id != to_unit.pk:
        errors["to_group"] = _("The group must belong to the receiving unit.")
    if moves_on <= today():
        errors["moves_on"] = _("The first day in the receiving unit must be after today.")
    open_ones = Transition.objects.filter(child=child, to_unit=to_unit).exclude(status=Status.CANCELLED)
    if open_ones.exists():
        errors["to_unit"] = _("A transition of the child to this unit has already been created.")
    return errors


def _receiving_enrolment(
    child: Child, to_unit: Unit, to_group: Group | None, moves_on: datetime.date, before: Enrolment
) -> tuple[Enrolment, bool]:
    """The child's registered enrolment in the receiving unit from that day, or a new one."""
    registered = Enrolment.objects.filter(child=child, unit=to_unit, start=moves_on).first()
    if registered is not None:
        if to_group is not None and registered.group_id is None:
            registered.group = to_group
            registered.save(update_fields=["group"])
        return registered, False
    # The sending enrolment as it will be: ending the day before the move.
    others = [*enrolment_periods(child, exclude_pk=before.pk), EnrolmentPeriod(before.track, before.start, before.end)]
    try:
        enrolment_validate(unit=to_unit, group=to_group, start=moves_on, end=None, others=others)
    except ValidationError as exc:
        message = _("The child is already enrolled in a unit of this kind from that day.")
        raise ValidationError({"moves_on": message}) from exc
    enrolment = Enrolment.objects.create(
        child=child, unit=to_unit, group=to_group, track=to_unit.track, start=moves_on, end=None
    )
    return enrolment, True


@transaction.atomic
def transition_create(
    *,
    actor: User,
    child: Child,
    kind: str,
    from_unit: Unit,
    to_unit: Unit,
    to_group: Group | None,
    moves_on: datetime.date,
) -> Transition:
    """A leader of the sending unit moves the child on a date.

    The enrolments change, and the sending staff keep access for a while after the move.
    """
    if not access.leads(actor, from_unit.pk) or not can(actor, "view_child_details", child):
        raise PermissionDenied
    before = sending_enrolment(child, from_unit)
    errors = _validate_new(child, from_unit, to_unit, to_group, moves_on)
    if before is None:
        errors["from_unit"] = _("The child is not enrolled in the sending unit now.")
    if errors:
        raise ValidationError(errors)
    assert before is not None
    Child.objects.select_for_update().filter(pk=child.pk).first()  # serialise enrolments per child
    old_end = before.end
    last_day = moves_on - datetime.timedelta(days=1)
    if before.end is None or before.end > last_day:
        before.end = last_day
        before.save(update_fields=["end"])
    received, created = _receiving_enrolment(child, to_unit, to_group, moves_on, before)
    transition = Transition.objects.create(
        child=child,
        kind=kind,
        from_unit=from_unit,
        to_unit=to_unit,
        to_group=to_group,
        moves_on=moves_on,
        from_enrolment=before,
        from_enrolment_end=old_end,
        to_enrolment=received,
        created_enrolment=created,
        created_by=actor,
    )
    Handover.objects.create(transition=transition)
    _grant_sending_staff(actor, transition, before)
    _log(
        actor,
        transition,
        child,
        Action.CREATE,
        {
            "to_unit": (None, to_unit.pk),
            "moves_on": (None, moves_on),
            "from_enrolment.end": (old_end, before.end),
            "to_enrolment": (None, received.pk),
        },
    )
    return transition


def _grant_sending_staff(actor: User, transition: Transition, before: Enrolment) -> None:
    days = settings.TRANSITION_SENDER_ACCESS_DAYS
    if days <= 0:
        return
    reason = _("Transition to %(unit)s: access for %(days)d days after the move") % {
        "unit": transition.to_unit.name,
        "days": days,
    }
    starts = _midnight(transition.moves_on)
    ends = _midnight(transition.moves_on + datetime.timedelta(days=days))
    grants = [
        access_grant_create(
            actor=actor,
            child=transition.child,
            user=user,
            source=GrantSource.TRANSITION,
            reason=reason,
            starts_at=starts,
            ends_at=ends,
        )
        for user in sending_staff(before)
    ]
    transition.grants.add(*grants)


@transaction.atomic
def transition_cancel(*, actor: User, transition: Transition) -> Transition:
    """Undo a move that has not happened yet: the enrolments as they were, the grants revoked."""
    if not access.leads(actor, transition.from_unit_id):
        raise PermissionDenied
    if transition.is_cancelled:
        raise ValidationError(_("The transition has already been cancelled."))
    if transition.moves_on <= today():
        raise ValidationError(_("The child has already moved; the transition can no longer be cancelled."))
    before = transition.from_enrolment
    if before is not None:
        before.end = transition.from_enrolment_end
        before.save(update_fields=["end"])
    created = transition.to_enrolment if transition.created_enrolment else None
    transition.to_enrolment = None
    for grant in transition.grants.filter(revoked_at__isnull=True).select_related("child"):
        access_grant_revoke(actor=actor, grant=grant)
    transition.status = Status.CANCELLED
    transition.cancelled_at = timezone.now()
    transition.save(update_fields=["status", "cancelled_at", "to_enrolment"])
    if created is not None:
        created.delete()
    _log(actor, transition, transition.child, Action.CHANGE, {"status": (None, Status.CANCELLED)})
    return transition


def _set_status(transition: Transition, status: str) -> None:
    transition.status = status
    transition.save(update_fields=["status"])


def _check_sender(actor: User, handover: Handover) -> Transition:
    transition = handover.transition
    if transition.is_cancelled or not access.sends(actor, transition):
        raise PermissionDenied
    return transition


@transaction.atomic
def handover_save(*, actor: User, handover: Handover, values: Mapping[str, object], version: int) -> Handover:
    """Save the sending staff's texts; a change after sending or approval asks the parents again."""
    transition = _check_sender(actor, handover)
    if transition.status not in EDITABLE:
        raise ValidationError(_("The handover has been shared and can no longer be changed."))
    if version != handover.version:
        raise ValidationError(_("Someone else saved the handover while you were writing. Reload it and try again."))
    changes: dict[str, tuple[object, object]] = {}
    for name in (*TEXT_FIELDS, "contact_person", "include_plan", "include_screenings"):
        if name in values and getattr(handover, name) != values[name]:
            changes[name] = ("…", "…") if name in TEXT_FIELDS else (getattr(handover, name), values[name])
            setattr(handover, name, values[name])
    if not changes:
        return handover
    handover.version += 1
    if transition.status != Status.DRAFT:
        # What the parents saw or approved is no longer what would be shared.
        handover.content, handover.approved_at, handover.approved_by = {}, None, None
        changes["status"] = (transition.status, Status.DRAFT)
        _set_status(transition, Status.DRAFT)
    handover.full_clean()
    handover.save()
    _log(actor, handover, transition.child, Action.CHANGE, changes)
    return handover


@transaction.atomic
def handover_send(*, actor: User, handover: Handover) -> Handover:
    """Freeze the handover and ask the parents to add their view and approve it."""
    transition = _check_sender(actor, handover)
    if transition.status != Status.DRAFT:
        raise ValidationError(_("The handover has already been sent to the parents."))
    errors = {
        name: _("Write this before the handover goes to the parents.")
        for name in ("strengths", "what_works", "needs")
        if not getattr(handover, name).strip()
    }
    if handover.contact_person_id is None:
        errors["contact_person"] = _("Choose the agreed contact person.")
    if errors:
        raise ValidationError(errors)
    handover.content = freeze(handover)
    handover.sent_at, handover.sent_by = timezone.now(), actor
    handover.parents_comment = ""
    handover.save()
    _set_status(transition, Status.WITH_PARENTS)
    _log(actor, handover, transition.child, Action.CHANGE, {"status": (Status.DRAFT, Status.WITH_PARENTS)})
    return handover


def _approve(
    handover: Handover, actor: User, guardian: Guardian, parents_view: str, method: str, consent_to_share: bool
) -> Handover:
    transition = handover.transition
    if transition.status != Status.WITH_PARENTS:
        raise ValidationError(_("The handover is not waiting for the parents' approval."))
    child = transition.child
    if consent_to_share:
        consent = consent_record(
            actor=actor,
            child=child,
            guardian=guardian,
            purpose=Purpose.TRANSITION_HANDOVER,
            method=method,
            valid_from=today(),
            valid_until=transition.moves_on + datetime.timedelta(days=365),
            recipients=[Recipient(unit=transition.to_unit)],
            information=_("The handover (version %(version)d) for the move to %(unit)s")
            % {"version": handover.version, "unit": transition.to_unit.name},
        )
        handover.consent = consent
    handover.content = {**handover.content, "parents_view": parents_view.strip()}
    handover.approved_at, handover.approved_by, handover.approval_recorded_by = timezone.now(), guardian, actor
    handover.save()
    _set_status(transition, Status.APPROVED)
    if handover.sent_by_id and handover.sent_by_id != actor.pk:
        event = f"approved:{handover.version}"
        _remind([handover.sent_by_id], "handover_approved", transition, transition.to_unit, event)
    _log(
        actor,
        handover,
        child,
        Action.CHANGE,
        {"status": (Status.WITH_PARENTS, Status.APPROVED), "consent": (None, handover.consent_id)},
    )
    return handover


@transaction.atomic
def handover_approve(*, actor: User, handover: Handover, parents_view: str, consent_to_share: bool) -> Handover:
    """A parent with custody approves in the portal, adding their own view, and may consent to sharing."""
    guardian: Guardian | None = getattr(actor, "guardian", None)
    if guardian is None or not can(actor, "give_consent", handover.transition.child):
        raise PermissionDenied
    return _approve(handover, actor, guardian, parents_view, Method.DIGITAL, consent_to_share)


@transaction.atomic
def handover_record_approval(
    *, actor: User, handover: Handover, guardian: Guardian, method: str, parents_view: str, consent_to_share: bool
) -> Handover:
    """Staff note the parents' approval given on paper or at a meeting (and their consent, through consent_record)."""
    _check_sender(actor, handover)
    if method not in (Method.WRITTEN, Method.ORAL):
        raise ValidationError({"method": _("Choose how the parents approved.")})
    return _approve(handover, actor, guardian, parents_view, method, consent_to_share)


@transaction.atomic
def handover_request_changes(*, actor: User, handover: Handover, comment: str) -> Handover:
    """A parent asks for changes: the handover goes back to the staff with the comment."""
    if getattr(actor, "guardian", None) is None or not can(actor, "give_consent", handover.transition.child):
        raise PermissionDenied
    transition = handover.transition
    if transition.status != Status.WITH_PARENTS:
        raise ValidationError(_("The handover is not waiting for the parents' approval."))
    if not comment.strip():
        raise ValidationError({"comment": _("Write what you would like changed.")})
    handover.parents_comment = comment.strip()
    handover.content = {}
    handover.save(update_fields=["parents_comment", "content", "updated_at"])
    _set_status(transition, Status.DRAFT)
    if handover.sent_by_id:
        event = f"changes:{handover.version}"
        _remind([handover.sent_by_id], "handover_changes", transition, transition.to_unit, event)
    _log(actor, handover, transition.child, Action.CHANGE, {"status": (Status.WITH_PARENTS, Status.DRAFT)})
    return handover


def _remind(user_ids: Iterable[int], kind: str, transition: Transition, unit: Unit, event: str) -> None:
    """In-app reminders that name no child: the unit, the first day and a link the gate checks."""
    from trivsel.reminders.due import Candidate
    from trivsel.reminders.services import reminders_create

    url = reverse("transitions:detail", args=[transition.pk])
    params: dict[str, object] = {"unit": unit.name, "moves_on": transition.moves_on.isoformat()}
    key = f"transition:{transition.pk}:{event}"
    reminders_create([Candidate(pk, kind, key, url, timezone.now(), params) for pk in sorted(set(user_ids))])


def _receivers(transition: Transition) -> list[int]:
    day = today()
    memberships = Membership.objects.filter(unit_id=transition.to_unit_id, start__lte=day).exclude(end__lt=day)
    frontline = Q(role=Role.FRONTLINE, group_id=transition.to_group_id) if transition.to_group_id else Q(pk__in=[])
    return list(memberships.filter(Q(role=Role.LEADER) | frontline).values_list("user_id", flat=True))


def sharing_consent_missing(transition: Transition) -> str:
    """Why the handover cannot be shared now, in words for the staff; empty when it can."""
    from trivsel.transitions.selectors import sharing_consent

    if sharing_consent(transition) is None:
        return _(
            "The parents have not consented to the handover being shared with %(unit)s, or they have withdrawn "
            "their consent. It cannot be shared until they consent."
        ) % {"unit": transition.to_unit.name}
    return ""


@transaction.atomic
def handover_share(*, actor: User, handover: Handover) -> Handover:
    """Share the approved handover with the receiving unit: only under the parents' consent for it."""
    from trivsel.transitions.selectors import sharing_consent

    transition = _check_sender(actor, handover)
    if transition.status != Status.APPROVED:
        raise ValidationError(_("Only a handover the parents have approved can be shared."))
    consent = sharing_consent(transition)
    if consent is None:
        raise ValidationError(sharing_consent_missing(transition))
    handover.consent = consent
    handover.shared_at, handover.shared_by = timezone.now(), actor
    handover.save()
    _set_status(transition, Status.SHARED)
    _remind(_receivers(transition), "handover_shared", transition, transition.from_unit, f"shared:{handover.version}")
    _log(
        actor,
        handover,
        transition.child,
        Action.CHANGE,
        {"status": (Status.APPROVED, Status.SHARED), "consent": (None, consent.pk)},
    )
    return handover


@transaction.atomic
def handover_acknowledge(*, actor: User, handover: Handover, note: str = "") -> Handover:
    """The receiving unit confirms it has received and read the handover."""
    transition = handover.transition
    if not access.receives(actor, transition):
        raise PermissionDenied
    if transition.status != Status.SHARED:
        raise ValidationError(_("Only a shared handover can be acknowledged."))
    handover.acknowledged_at, handover.acknowledged_by = timezone.now(), actor
    handover.acknowledgement_note = note.strip()
    handover.save()
    _set_status(transition, Status.ACKNOWLEDGED)
    log_change(
        actor=actor,
        action=Action.CHANGE,
        obj=handover,
        child_id=transition.child_id,
        relation=None,
        purpose=PURPOSE,
        changes={"status": (Status.SHARED, Status.ACKNOWLEDGED)},
    )
    return handover


@transaction.atomic
def bridge_meeting_call(
    *,
    actor: User,
    transition: Transition,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str,
    participants: Iterable[User],
) -> Meeting:
    """Call a bridge meeting (a transition meeting) with the professionals who know the child."""
    from trivsel.transitions.selectors import bridge_candidates

    if transition.is_cancelled or not access.sends(actor, transition):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if starts_at < timezone.now():
        errors["starts_at"] = _("The meeting cannot start in the past.")
    if not 15 <= duration_minutes <= 480:
        errors["duration_minutes"] = _("A meeting lasts from 15 minutes to 8 hours.")
    chosen = list(participants)
    allowed = {u.pk for u in bridge_candidates(transition)}
    if any(u.pk not in allowed for u in chosen):
        errors["participants"] = _("Choose among the professionals who know the child or receive it.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        kind=ForumKind.TRANSITION,
        unit=transition.from_unit,
        # First name only: the title shows in the calendars of people who may not know the child yet.
        title=_("Bridge meeting: %(name)s, %(from)s → %(to)s")
        % {"name": transition.child.first_name, "from": transition.from_unit.name, "to": transition.to_unit.name},
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=duration_minutes),
        location=location.strip(),
        chair=actor,
        called_by=actor,
    )
    meeting.participants.add(actor, *chosen)
    transition.bridge_meeting = meeting
    transition.save(update_fields=["bridge_meeting"])
    _log(
        actor,
        transition,
        transition.child,
        Action.CHANGE,
        {"bridge_meeting": (None, meeting.pk), "participants": (None, ", ".join(str(u.pk) for u in chosen))},
    )
    return meeting
