"""Reading office hours: what can be booked, one consultation, and a professional's calendar."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children.access import relation_for
from trivsel.children.models import Child
from trivsel.consent.models import Consent, Purpose, RecipientKind
from trivsel.consent.selectors import consents_in_force
from trivsel.meetings.selectors import meetings_for
from trivsel.officehours.models import Consultation, OfficeHours, Slot
from trivsel.transitions.access import current_memberships

PURPOSE = "office_hours"


def sharing_consent(child: Child, host: User, on: datetime.date | None = None) -> Consent | None:
    """A consent in force to share information about ``child`` with ``host`` (named, their unit or role)."""
    memberships = list(current_memberships(host).only("unit_id", "role"))
    unit_ids = [m.unit_id for m in memberships if m.unit_id]
    roles = {m.role for m in memberships}
    return (
        consents_in_force(child, Purpose.INFORMATION_SHARING, on or timezone.localdate())
        .filter(
            Q(recipients__kind=RecipientKind.USER, recipients__user=host)
            | Q(recipients__kind=RecipientKind.UNIT, recipients__unit_id__in=unit_ids)
            | Q(recipients__kind=RecipientKind.ROLE, recipients__role__in=roles)
        )
        .order_by("-valid_from", "-id")
        .first()
    )


def bookable(*, host_id: int | None = None, free_only: bool = False) -> QuerySet[OfficeHours]:
    """Office hours still to come, with their number of free slots (one query)."""
    now = timezone.now()
    blocks = OfficeHours.objects.filter(cancelled_at__isnull=True, ends_at__gt=now)
    if host_id is not None:
        blocks = blocks.filter(host_id=host_id)
    if free_only:
        active = Consultation.objects.filter(slot=OuterRef("pk"), cancelled_at__isnull=True)
        free = Slot.objects.filter(office_hours=OuterRef("pk"), starts_at__gt=now).exclude(Exists(active))
        blocks = blocks.filter(Exists(free))
    booked = Count("slots", filter=Q(slots__starts_at__gt=now, slots__consultations__cancelled_at__isnull=True)
                   & Q(slots__consultations__isnull=False), distinct=True)  # fmt: skip
    upcoming = Count("slots", filter=Q(slots__starts_at__gt=now), distinct=True)
    return (
        blocks.select_related("host")
        .annotate(upcoming=upcoming, booked=booked)
        .annotate(free=F("upcoming") - F("booked"))
        .order_by("starts_at", "id")
    )


def hosted_by(user: User) -> QuerySet[OfficeHours]:
    return bookable(host_id=user.pk)


@dataclass(frozen=True)
class SlotRow:
    slot: Slot
    consultation: Consultation | None

    @property
    def free(self) -> bool:
        return self.consultation is None and self.slot.starts_at > timezone.now()


def office_hours_get(office_hours_id: int) -> tuple[OfficeHours, list[SlotRow]]:
    active = Consultation.objects.filter(cancelled_at__isnull=True).select_related("booked_by")
    block = (
        OfficeHours.objects.select_related("host")
        .prefetch_related(Prefetch("slots__consultations", queryset=active, to_attr="active"))
        .filter(pk=office_hours_id)
        .first()
    )
    if block is None:
        raise Http404
    rows = [SlotRow(s, s.active[0] if s.active else None) for s in block.slots.all()]  # type: ignore[attr-defined]
    return block, rows


@dataclass(frozen=True)
class ConsultationView:
    consultation: Consultation
    side: str  # "host" or "booker"
    named: bool  # the child's name may be shown: the consent still holds

    @property
    def child_label(self) -> str:
        c = self.consultation
        if c.child is None:
            return c.anonymous_description
        if self.named:
            return f"{c.child.full_name} ({c.child.birth_date:%d-%m-%Y})"
        return _("Name hidden: the consent no longer holds")


def consultation_get(*, user: User, consultation_id: int) -> ConsultationView:
    """For its booker and its host only; a named child shown is logged as a read."""
    consultation = (
        Consultation.objects.select_related("slot__office_hours__host", "booked_by", "child", "consent")
        .filter(pk=consultation_id)
        .first()
    )
    host_id = consultation.slot.office_hours.host_id if consultation else None
    if consultation is None or user.pk not in (consultation.booked_by_id, host_id):
        child_id = consultation.child_id if consultation else None
        log_access(actor=user, action=Action.DENIED, child_id=child_id, purpose=PURPOSE, status=404)
        raise Http404
    side = "host" if user.pk == host_id else "booker"
    child = consultation.child
    named = child is not None and (side == "booker" or sharing_consent(child, user) is not None)
    if child is not None and named:
        relation = relation_for(user, child) if side == "booker" else None
        log_access(
            actor=user, action=Action.READ, child_id=child.pk, obj=consultation, relation=relation, purpose=PURPOSE
        )
    return ConsultationView(consultation, side, named)


@dataclass(frozen=True)
class Entry:
    """One thing in a calendar; names no child (calendars leave the system, e.g. as iCalendar)."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    title: str
    location: str
    url: str
    kind: str  # "meeting", "consultation" or "free"
    uid: str


def _week(week_start: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(week_start, datetime.time.min))
    return start, start + datetime.timedelta(days=7)


def calendar(user: User, start: datetime.datetime, end: datetime.datetime) -> list[Entry]:
    """The user's meetings, consultations as host and as booker, and own free slots, by time (4 queries)."""
    entries: list[Entry] = []
    meetings = meetings_for(user, on=timezone.localdate(start)).filter(starts_at__lt=end)
    for m in meetings:
        url = reverse("meetings:detail", args=[m.pk])
        entries.append(Entry(m.starts_at, m.ends_at, m.title, m.location, url, "meeting", f"meeting-{m.pk}"))
    consultations = (
        Consultation.objects.filter(cancelled_at__isnull=True, slot__starts_at__gte=start, slot__starts_at__lt=end)
        .filter(Q(booked_by=user) | Q(slot__office_hours__host=user))
        .select_related("slot__office_hours__host", "booked_by")
    )
    booked_slots = set()
    for c in consultations:
        block, slot = c.slot.office_hours, c.slot
        booked_slots.add(slot.pk)
        if block.host_id == user.pk:
            title = _("Consultation booked by %(name)s") % {"name": c.booked_by.get_full_name() or c.booked_by}
        else:
            title = _("Consultation with %(name)s") % {"name": block.host.get_full_name() or block.host}
        url = reverse("officehours:consultation", args=[c.pk])
        entries.append(Entry(slot.starts_at, slot.ends_at, title, block.location, url, "consultation", f"c-{c.pk}"))
    free = Slot.objects.filter(
        office_hours__host=user, office_hours__cancelled_at__isnull=True, starts_at__gte=start, starts_at__lt=end
    ).select_related("office_hours")
    for s in free:
        if s.pk not in booked_slots:
            url = reverse("officehours:detail", args=[s.office_hours_id])
            title = _("Free office hours slot")
            entries.append(Entry(s.starts_at, s.ends_at, title, s.office_hours.location, url, "free", f"slot-{s.pk}"))
    return sorted(entries, key=lambda e: (e.starts_at, e.kind, e.uid))


def week_calendar(user: User, week_start: datetime.date) -> list[Entry]:
    return calendar(user, *_week(week_start))
