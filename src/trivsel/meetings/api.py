"""Meetings in the JSON API: the user's meetings and one meeting's agenda, through the same
selectors as the pages — so an item is anonymous to the viewer here exactly as on the page."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from trivsel.children.api import request_user
from trivsel.children.schemas import READ_ERRORS, ErrorOut
from trivsel.meetings.models import ForumKind, Meeting, Sharing
from trivsel.meetings.schemas import ItemOut, MeetingDetailOut, MeetingOut
from trivsel.meetings.selectors import ItemRow, agenda, meeting_get, meetings_for
from trivsel.meetings.sharing import ViewBasis

router = Router(tags=["meetings"])


def _meeting(meeting: Meeting) -> MeetingOut:
    return MeetingOut(
        id=meeting.pk,
        title=meeting.title,
        kind=ForumKind(meeting.kind),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        chair=str(meeting.chair) if meeting.chair else None,
    )


def _item(row: ItemRow) -> ItemOut:
    item = row.item
    return ItemOut(
        id=item.pk,
        order=item.order,
        name=row.name,
        birth_date=row.birth_date,
        anonymous=not row.named,
        child_id=item.child_id if row.basis == ViewBasis.RELATION else None,
        sharing=Sharing(item.sharing),
        problem=item.problem,
    )


@router.get("", response={200: list[MeetingOut], 401: ErrorOut}, summary="The user's upcoming meetings")
def meetings_list(request: HttpRequest) -> list[MeetingOut]:
    return [_meeting(m) for m in meetings_for(request_user(request))[:100]]


@router.get("/{meeting_id}", response={200: MeetingDetailOut, **READ_ERRORS}, summary="A meeting and its agenda")
def meetings_detail(request: HttpRequest, meeting_id: int) -> MeetingDetailOut:
    user = request_user(request)
    meeting = meeting_get(user=user, meeting_id=meeting_id)
    base = _meeting(meeting)
    return MeetingDetailOut(**base.model_dump(), items=[_item(row) for row in agenda(user=user, meeting=meeting)])
