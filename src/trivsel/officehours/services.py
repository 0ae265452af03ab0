"""Publishing office hours, booking and cancelling consultations; every write is checked and logged."""

from __future__ import annotations

import datetime

from dateutil.rrule import WEEKLY, rrule
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_change
from trivsel.children.access import can, relation_for
from trivsel.children.models import Child
from trivsel.lib.workdays import is_working_day
from trivsel.officehours import access
from trivsel.officehours.models import Consultation, OfficeHours, Slot
from trivsel.officehours.selectors import sharing_consent

PURPOSE = "office_hours"
MAX_WEEKS = 26


def _aware(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, at))


def publish_days(first: datetime.date, weeks: int) -> list[datetime.date]:
    """The first day and the same weekday of the following weeks, without public holidays and closed days."""
    days = rrule(WEEKLY, dtstart=first, count=weeks)
    return [d.date() for d in days if is_working_day(d.date())]


def _validate(
    title: str, location: str, day: datetime.date, start: datetime.time, end: datetime.time, minutes: int, weeks: int
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the office hours a title.")
    if not location.strip():
        errors["location"] = _("Write where, e.g. an address, a room, or “by phone”.")
    if day < timezone.localdate():
        errors["day"] = _("The office hours cannot be in the past.")
    if not 10 <= minutes <= 120:
        errors["slot_minutes"] = _("A consultation lasts from 10 to 120 minutes.")
    if end <= start:
        errors["end"] = _("The office hours must end after they start.")
    elif "slot_minutes" not in errors and _minutes(start, end) < minutes:
        errors["end"] = _("There must be time for at least one consultation.")
    if not 1 <= weeks <= MAX_WEEKS:
        errors["weeks"] = _("Repeat for 1 to %(max)d weeks.") % {"max": MAX_WEEKS}
    return errors


def _minutes(start: datetime.time, end: datetime.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


@transaction.atomic
def office_hours_publish(
    *,
    actor: User,
    title: str,
    location: str,
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    slot_minutes: int,
    weeks: int = 1,
    description: str = "",
) -> list[OfficeHours]:
    """Publish a block (e.g. Tuesday 9–11 in 20-minute slots), repeated weekly; closed days are skipped."""
    if not access.hosts(actor):
        raise PermissionDenied
    errors = _validate(title, location, day, start, end, slot_minutes, weeks)
    days = publish_days(day, weeks) if not errors else []
    if not errors and not days:
        errors["day"] = _("The municipality is closed on that day.")
    if errors:
        raise ValidationError(errors)
    published = []
    for on in days:
        block = OfficeHours.objects.create(
            host=actor, title=title.strip(), description=description.strip(), location=location.strip(),
            starts_at=_aware(on, start), ends_at=_aware(on, end), slot_minutes=slot_minutes,
        )  # fmt: skip
        length = datetime.timedelta(minutes=slot_minutes)
        moments = []
        moment = block.starts_at
        while moment + length <= block.ends_at:
            moments.append(moment)
            moment += length
        Slot.objects.bulk_create(Slot(office_hours=block, starts_at=m, ends_at=m + length) for m in moments)
        published.append(block)
    log_change(
        actor=actor, action=Action.CREATE, obj=published[0], child_id=None, purpose=PURPOSE,
        changes={"days": (None, ", ".join(d.isoformat() for d in days)), "slot_minutes": (None, slot_minutes)},
    )  # fmt: skip
    return published


def _remind(user_id: int, kind: str, consultation: Consultation, event: str) -> None:
    """An in-app reminder that names no child: the time and a link the page checks."""
    from trivsel.reminders.due import Candidate
    from trivsel.reminders.services import reminders_create

    slot = consultation.slot
    url = reverse("officehours:consultation", args=[consultation.pk])
    params: dict[str, object] = {"starts_at": timezone.localtime(slot.starts_at).isoformat()}
    key = f"consultation:{consultation.pk}:{event}"
    reminders_create([Candidate(user_id, kind, key, url, slot.starts_at, params)])


@transaction.atomic
def consultation_book(
    *, actor: User, slot: Slot, question: str, child: Child | None = None, anonymous_description: str = ""
) -> Consultation:
    """Book a slot, about a named child (under consent to share with the host) or anonymously."""
    if not access.books(actor):
        raise PermissionDenied
    slot = Slot.objects.select_for_update().select_related("office_hours__host").get(pk=slot.pk)
    block = slot.office_hours
    errors: dict[str, str] = {}
    if not question.strip():
        errors["question"] = _("Write briefly what you would like to talk about.")
    if block.cancelled_at is not None:
        errors["slot"] = _("These office hours have been cancelled.")
    elif slot.starts_at <= timezone.now():
        errors["slot"] = _("This time has passed. Choose another.")
    elif Consultation.objects.filter(slot=slot, cancelled_at__isnull=True).exists():
        errors["slot"] = _("Someone else has just booked this time. Choose another.")
    if block.host_id == actor.pk:
        errors["slot"] = _("You cannot book your own office hours.")
    consent = None
    if child is not None:
        if not can(actor, "view_child_details", child):
            raise PermissionDenied
        consent = sharing_consent(child, block.host)
        if consent is None:
            errors["child"] = _(
                "The parents have not consented to information about %(name)s being shared with %(host)s. "
                "Book an anonymous consultation, or record the consent first."
            ) % {"name": child.first_name, "host": block.host.get_full_name() or block.host.get_username()}
    elif not anonymous_description.strip():
        errors["anonymous_description"] = _("Describe the child without a name, e.g. “boy, 7 years”.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            consultation = Consultation.objects.create(
                slot=slot, booked_by=actor, question=question.strip(), child=child, consent=consent,
                anonymous_description="" if child else anonymous_description.strip(),
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"slot": _("Someone else has just booked this time. Choose another.")}) from exc
    log_change(
        actor=actor, action=Action.CREATE, obj=consultation, child_id=child.pk if child else None,
        relation=relation_for(actor, child) if child else None, purpose=PURPOSE,
        changes={"slot": (None, slot.pk), "named": (None, child is not None)},
    )  # fmt: skip
    _remind(block.host_id, "consultation_booked", consultation, "booked")
    return consultation


@transaction.atomic
def consultation_cancel(*, actor: User, consultation: Consultation) -> Consultation:
    """The booker or the host cancels; the other is told by a reminder."""
    host_id = consultation.slot.office_hours.host_id
    if actor.pk not in (consultation.booked_by_id, host_id):
        raise PermissionDenied
    if consultation.cancelled_at is not None:
        raise ValidationError(_("The consultation has already been cancelled."))
    consultation.cancelled_at, consultation.cancelled_by = timezone.now(), actor
    consultation.save(update_fields=["cancelled_at", "cancelled_by"])
    log_change(
        actor=actor, action=Action.CHANGE, obj=consultation, child_id=consultation.child_id, purpose=PURPOSE,
        relation=relation_for(actor, consultation.child) if consultation.child else None,
        changes={"cancelled_at": (None, consultation.cancelled_at.isoformat())},
    )  # fmt: skip
    other = host_id if actor.pk == consultation.booked_by_id else consultation.booked_by_id
    _remind(other, "consultation_cancelled", consultation, "cancelled")
    return consultation


@transaction.atomic
def office_hours_cancel(*, actor: User, office_hours: OfficeHours) -> OfficeHours:
    """The host cancels a block: its booked consultations are cancelled, and the bookers told."""
    if actor.pk != office_hours.host_id:
        raise PermissionDenied
    if office_hours.cancelled_at is not None:
        raise ValidationError(_("These office hours have already been cancelled."))
    office_hours.cancelled_at = timezone.now()
    office_hours.save(update_fields=["cancelled_at"])
    booked = Consultation.objects.filter(slot__office_hours=office_hours, cancelled_at__isnull=True)
    for consultation in booked.select_related("slot__office_hours"):
        consultation_cancel(actor=actor, consultation=consultation)
    log_change(
        actor=actor, action=Action.CHANGE, obj=office_hours, child_id=None, purpose=PURPOSE,
        changes={"cancelled_at": (None, office_hours.cancelled_at.isoformat())},
    )  # fmt: skip
    return office_hours
