"""Transitions in the JSON API: the user's transitions and a handover, through the pages' selectors and gate."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from trivsel.children.api import request_user
from trivsel.children.schemas import READ_ERRORS, ErrorOut
from trivsel.transitions.models import Kind, Status, Transition
from trivsel.transitions.schemas import HandoverOut, TransitionOut
from trivsel.transitions.selectors import handover_for_receiver, my_transitions, transition_get

router = Router(tags=["transitions"])


def _transition(t: Transition) -> TransitionOut:
    return TransitionOut(
        id=t.pk, child_id=t.child_id, name=t.child.full_name, kind=Kind(t.kind), from_unit=t.from_unit.name,
        to_unit=t.to_unit.name, moves_on=t.moves_on, status=Status(t.status),
    )  # fmt: skip


@router.get("", response={200: list[TransitionOut], 401: ErrorOut}, summary="A pedagogue's or teacher's transitions")
def transitions_list(request: HttpRequest) -> list[TransitionOut]:
    """Out of the groups the user works in, and handovers shared with the user's group."""
    from trivsel.audit.services import log_reads
    from trivsel.children.access import Relation

    user = request_user(request)
    mine = my_transitions(user)
    for rows, relation in (
        (mine.outgoing, Relation(via="group", role="frontline")),
        (mine.incoming, Relation(via="consent", role="frontline", reason="transition_handover")),
    ):
        if rows:
            log_reads(actor=user, child_ids=sorted({t.child_id for t in rows}), relation=relation, purpose="api")
    return [_transition(t) for t in mine.all]


@router.get("/{transition_id}/handover", response={200: HandoverOut, **READ_ERRORS}, summary="A transition's handover")
def transitions_handover(request: HttpRequest, transition_id: int) -> HandoverOut:
    user = request_user(request)
    transition, side = transition_get(user=user, transition_id=transition_id)
    if side == "receiver":
        handover = handover_for_receiver(user=user, transition=transition)
        content = handover.content if handover else None
    else:
        content = transition.handover.content or None
    return HandoverOut(transition=_transition(transition), side=side, content=content)
