"""Who sees a meeting, who chairs it, and who may open its items, on top of the access policy.

A meeting is seen by its participants, its chair, whoever called it, whoever brought a child to
it, and the leaders (a unit's meetings) or district advisers (a district's) it belongs to. An
item is opened by the meeting's participants and chair for a limited time after the meeting
(``MEETING_ITEM_ACCESS_DAYS``), and always by those with a working relation to the child; what
of the child they see by name is decided item by item in ``sharing``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.children.access import relation_for, staff_scope
from trivsel.lib.time import today
from trivsel.meetings.models import AgendaItem, Meeting
from trivsel.organisation.models import Membership, Role


def _is_staff(user: User) -> bool:
    return user.is_authenticated and user.is_active and getattr(user, "guardian", None) is None


def _advised_districts(user: User) -> QuerySet[Membership, Any]:
    day = today()
    return (
        Membership.objects.filter(user=user, role=Role.DISTRICT_ADVISER, start__lte=day)
        .exclude(end__lt=day)
        .values("district_id")
    )


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """Meetings the user takes part in, chairs, called or brought a child to, and those of the units
    they work in (to bring a child to) and the districts they advise. Seeing a meeting is not seeing
    its items: ``may_open_item`` decides that."""
    if not _is_staff(user):
        return Meeting.objects.none()
    day = today()
    member_units = Membership.objects.filter(user=user, start__lte=day, unit__isnull=False).exclude(end__lt=day)
    return Meeting.objects.filter(
        Q(participants=user)
        | Q(chair=user)
        | Q(called_by=user)
        | Q(pk__in=AgendaItem.objects.filter(requested_by=user).values("meeting_id"))
        | Q(unit_id__in=member_units.values("unit_id"))
        | Q(district_id__in=_advised_districts(user))
    ).distinct()


def may_see_meeting(user: User, meeting: Meeting) -> bool:
    return meetings_visible_to(user).filter(pk=meeting.pk).exists()


def chairs(user: User, meeting: Meeting) -> bool:
    """The chair, or who stands in for them: the unit's leader, the district's adviser."""
    if not _is_staff(user):
        return False
    if meeting.chair_id == user.pk:
        return True
    if meeting.unit_id and meeting.unit_id in staff_scope(user).led_unit_ids:
        return True
    if meeting.district_id is None:
        return False
    return _advised_districts(user).filter(district_id=meeting.district_id).exists()


def item_window_open(meeting: Meeting, at: datetime.datetime | None = None) -> bool:
    moment = at or timezone.now()
    return moment <= meeting.ends_at + datetime.timedelta(days=settings.MEETING_ITEM_ACCESS_DAYS)


def may_open_item(user: User, item: AgendaItem) -> bool:
    """A participant (or the chair) within the window, or anyone with a working relation to the child."""
    if not _is_staff(user):
        return False
    if relation_for(user, item.child) is not None:
        return True
    meeting = item.meeting
    takes_part = chairs(user, meeting) or meeting.participants.filter(pk=user.pk).exists()
    return takes_part and item_window_open(meeting)
