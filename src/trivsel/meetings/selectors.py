"""Reading meetings: a user's meetings, one meeting's agenda as that user may see it, one item,
and suggestions for the agenda. An anonymous item yields its first name and problem, nothing else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access, log_object_reads
from trivsel.children.access import children_visible_to, relation_for
from trivsel.children.models import Child
from trivsel.concerns.models import Concern
from trivsel.concerns.models import Status as ConcernStatus
from trivsel.meetings.access import chairs, may_open_item, meetings_visible_to
from trivsel.meetings.models import AgendaItem, Agreement, Meeting
from trivsel.meetings.services import PURPOSE, item_view_record
from trivsel.meetings.sharing import ViewBasis, view_bases
from trivsel.organisation.models import Membership, Role
from trivsel.plans.models import Intervention
from trivsel.screening.models import NextStep, Screening


@dataclass(frozen=True)
class ItemRow:
    """An item as one viewer may see it: ``child`` only when the viewer may know who it is."""

    item: AgendaItem
    basis: ViewBasis

    @property
    def named(self) -> bool:
        return self.basis != ViewBasis.ANONYMOUS

    @property
    def basis_label(self) -> str:
        return str(ViewBasis(self.basis).label).lower()

    @property
    def name(self) -> str:
        return self.item.child.full_name if self.named else self.item.first_name

    @property
    def birth_date(self) -> datetime.date | None:
        return self.item.child.birth_date if self.named else None


def meetings_for(user: User, *, on: datetime.date | None = None, past: bool = False) -> QuerySet[Meeting]:
    """The user's meetings from today (or, with ``past``, before today), with their number of items."""
    day = on or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    meetings = meetings_visible_to(user).filter(cancelled_at__isnull=True)
    meetings = (
        meetings.filter(starts_at__lt=start).order_by("-starts_at")
        if past
        else meetings.filter(starts_at__gte=start).order_by("starts_at")
    )
    return meetings.select_related("unit", "district", "chair").annotate(item_count=Count("items", distinct=True))


def meeting_get(*, user: User, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_related("unit", "district", "chair", "forum").filter(pk=meeting_id).first()
    if meeting is None or not meetings_visible_to(user).filter(pk=meeting.pk).exists():
        raise Http404
    return meeting


def agenda(*, user: User, meeting: Meeting) -> list[ItemRow]:
    """The meeting's items in the chair's order, each named or anonymous for this user."""
    items = list(meeting.items.select_related("child", "requested_by").order_by("order", "id"))
    bases = view_bases(user, items)
    # Reading the agenda is reading each child's item: one row per item, no names in the log's text.
    log_object_reads(actor=user, objects=items, purpose=PURPOSE)
    return [ItemRow(item, bases[item.pk]) for item in items]


def item_get(*, user: User, item_id: int) -> ItemRow:
    """One item for someone who may open it, logged, with the basis recorded; else the same 404."""
    item = (
        AgendaItem.objects.select_related("meeting", "child", "requested_by", "parent_contact")
        .filter(pk=item_id)
        .first()
    )
    if item is None or not may_open_item(user, item):
        child_id = item.child_id if item is not None else None
        log_access(actor=user, action=Action.DENIED, child_id=child_id, purpose=PURPOSE, status=404)
        raise Http404
    basis = view_bases(user, [item])[item.pk]
    relation = relation_for(user, item.child)
    log_access(actor=user, action=Action.READ, child_id=item.child_id, obj=item, relation=relation, purpose=PURPOSE)
    item_view_record(user=user, item=item, basis=basis)
    return ItemRow(item, basis)


def item_denied(*, user: User, row: ItemRow) -> Http404:
    """An action on an item the user may open but not act on: logged as DENIED, answered as 404."""
    relation = relation_for(user, row.item.child)
    log_access(
        actor=user,
        action=Action.DENIED,
        child_id=row.item.child_id,
        obj=row.item,
        relation=relation,
        purpose=PURPOSE,
        status=404,
    )
    return Http404()


def item_agreements(item: AgendaItem) -> QuerySet[Agreement]:
    return item.agreements.select_related("owner").order_by("due", "id")


@dataclass(frozen=True)
class Suggestion:
    child: Child
    reasons: list[str]


def agenda_suggestions(*, user: User, meeting: Meeting, limit: int = 20) -> list[Suggestion]:
    """Children the user works with who may need the forum: an open concern, a yellow or red joint
    rating still waiting for a forum, an overdue agreement, or goals due for evaluation within two
    weeks — and are not on this agenda yet."""
    visible = children_visible_to(user).exclude(pk__in=meeting.items.values("child_id"))
    reasons: dict[int, list[str]] = {}
    for child_id in (
        Concern.objects.filter(child__in=visible, status=ConcernStatus.OPEN)
        .values_list("child_id", flat=True)
        .distinct()[:limit]
    ):
        reasons.setdefault(child_id, []).append(_("open concern"))
    waiting = Screening.objects.filter(
        Q(next_step="") | Q(next_step=NextStep.FORUM),
        child__in=visible,
        round__closed_at__isnull=True,
        position__needs_next_step=True,
    )
    for child_id in waiting.values_list("child_id", flat=True)[:limit]:
        reasons.setdefault(child_id, []).append(_("yellow or red screening"))
    overdue = Agreement.objects.filter(child__in=visible, done_on__isnull=True, due__lt=timezone.localdate())
    for child_id in overdue.values_list("child_id", flat=True).distinct()[:limit]:
        reasons.setdefault(child_id, []).append(_("overdue agreement"))
    soon = timezone.localdate() + datetime.timedelta(days=14)
    evaluations = Intervention.objects.filter(child__in=visible, closed_on__isnull=True, evaluation_due__lte=soon)
    for child_id in evaluations.values_list("child_id", flat=True).distinct()[:limit]:
        reasons.setdefault(child_id, []).append(_("goals due for evaluation"))
    children = Child.objects.in_bulk(list(reasons)[:limit])
    return [Suggestion(children[cid], reasons[cid]) for cid in reasons if cid in children]


def is_chair(user: User, meeting: Meeting) -> bool:
    return chairs(user, meeting)


def participant_candidates(meeting: Meeting) -> QuerySet[User]:
    """Whom the chair may invite: staff of the meeting's unit or district, and the municipality's
    advisers, case workers and specialists."""
    day = timezone.localdate()
    current = Membership.objects.filter(start__lte=day).exclude(end__lt=day)
    place = Q(role__in=[Role.DISTRICT_ADVISER, Role.CASE_WORKER, Role.SPECIALIST])
    if meeting.unit_id:
        place |= Q(unit_id=meeting.unit_id)
    if meeting.district_id:
        place |= Q(district_id=meeting.district_id) | Q(unit__district_id=meeting.district_id)
    ids = current.filter(place).values("user_id")
    return (
        User.objects.filter(pk__in=ids, is_active=True)
        .exclude(pk__in=meeting.participants.values("pk"))
        .order_by("first_name", "last_name", "username")
    )
