"""Test data for meetings: a meeting of a unit, and an item on it."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from trivsel.meetings.models import AgendaItem, ForumKind, Meeting, Sharing


def make_meeting(unit: Any, chair: Any, *, days_ahead: int = 7, **fields: Any) -> Meeting:
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days_ahead)
    values: dict[str, Any] = {
        "kind": ForumKind.MULTIPROFESSIONAL,
        "title": "Flerfaglig sparring",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
    }
    values.update(fields)
    meeting = Meeting.objects.create(unit=unit, chair=chair, **values)
    meeting.participants.add(chair)
    return meeting


def make_item(
    meeting: Meeting, child: Any, requested_by: Any, sharing: str = Sharing.ANONYMOUS, **fields: Any
) -> AgendaItem:
    values: dict[str, Any] = {"problem": "Trækker sig fra legen", "first_name": child.first_name, "order": 1}
    values.update(fields)
    return AgendaItem.objects.create(meeting=meeting, child=child, requested_by=requested_by, sharing=sharing, **values)
