"""Every write of screenings: opening and closing rounds, individual and joint ratings, next steps.

Each write checks who may do it (``screening.access``), validates, writes and logs in one
transaction. Ratings are child data: their old and new positions go to the field history; the
free-text comments and notes only as "(text)".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_change
from trivsel.children.access import Relation, current_enrolments
from trivsel.children.models import Child
from trivsel.concerns.models import Concern
from trivsel.lib.time import today
from trivsel.organisation.models import Group, Unit
from trivsel.screening.access import group_relation, leads_unit
from trivsel.screening.models import NextStep, Position, Rating, Screening, ScreeningRound
from trivsel.screening.scale import active_scale

PURPOSE = "screening"


def _changes(old: Mapping[str, object], new: Mapping[str, object]) -> dict[str, tuple[object, object]]:
    return {name: (old.get(name), value) for name, value in new.items() if old.get(name) != value}


@transaction.atomic
def round_open(*, actor: User, unit: Unit, name: str, deadline: datetime.date, per_dimension: bool) -> ScreeningRound:
    """A leader opens a screening round for the unit; one open round per unit at a time."""
    if not leads_unit(actor, unit.pk):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the round a name, e.g. “Efterår 2026”.")
    if deadline < today():
        errors["deadline"] = _("The deadline cannot be in the past.")
    scale = active_scale()
    if scale is None:
        errors["name"] = _("No position scale has been loaded. Ask an administrator to load one.")
    if ScreeningRound.objects.filter(unit=unit, closed_at__isnull=True).exists():
        errors["name"] = _("The unit already has an open round. Close it before opening a new one.")
    if errors:
        raise ValidationError(errors)
    assert scale is not None
    screening_round = ScreeningRound.objects.create(
        unit=unit,
        name=name.strip(),
        scale=scale,
        per_dimension=per_dimension,
        previous=ScreeningRound.objects.filter(unit=unit).order_by("-opened_on", "-id").first(),
        opened_by=actor,
        opened_on=today(),
        deadline=deadline,
    )
    log_change(
        actor=actor,
        action=Action.CREATE,
        obj=screening_round,
        child_id=None,
        purpose=PURPOSE,
        changes={"name": (None, screening_round.name), "deadline": (None, deadline.isoformat())},
    )
    return screening_round


def _rated_group(actor: User, screening_round: ScreeningRound, child: Child) -> tuple[Group, Relation]:
    """The child's current group in the round's unit, and the actor's relation through it."""
    if not screening_round.is_open:
        raise ValidationError(_("The round is closed; its ratings can no longer be changed."))
    enrolment = (
        current_enrolments()
        .filter(child=child, unit_id=screening_round.unit_id, group__isnull=False)
        .select_related("group")
        .first()
    )
    relation = group_relation(actor, enrolment.group) if enrolment and enrolment.group else None
    if enrolment is None or enrolment.group is None or relation is None:
        raise PermissionDenied
    return enrolment.group, relation


def _position(screening_round: ScreeningRound, code: str) -> Position:
    position = Position.objects.filter(scale_id=screening_round.scale_id, code=code).first()
    if position is None:
        raise ValidationError({"position": _("Choose a position on the scale.")})
    return position


def _dimensions(screening_round: ScreeningRound, values: Mapping[str, str]) -> dict[str, str]:
    """Only the round's dimensions, each with a position of its scale; empty values are left out."""
    if not screening_round.per_dimension:
        return {}
    dimensions = set(screening_round.scale.dimensions.values_list("code", flat=True))
    positions = set(screening_round.scale.positions.values_list("code", flat=True))
    chosen = {code: value for code, value in values.items() if value}
    if any(code not in dimensions or value not in positions for code, value in chosen.items()):
        raise ValidationError({"dimensions": _("Choose a position on the scale for each dimension.")})
    return dict(sorted(chosen.items()))


R = TypeVar("R", Rating, Screening)


def _save(
    *,
    actor: User,
    relation: Relation,
    existing: R | None,
    new: Callable[[], R],
    position: Position,
    chosen: dict[str, str],
    text_field: str,
    text: str,
    also: Mapping[str, object] | None = None,
) -> R:
    """Create or replace an own or joint rating, logging the changed fields (the text only as "(text)")."""
    values: dict[str, object] = {"position": position.code, "dimensions": chosen, text_field: text}
    old: dict[str, object] = {}
    if existing is not None:
        old = {
            "position": existing.position.code,
            "dimensions": existing.dimensions,
            text_field: getattr(existing, text_field),
        }
    changes = _changes(old, values)
    if existing is not None and not changes:
        return existing
    rating = existing or new()
    rating.position, rating.dimensions = position, chosen
    for name, value in {text_field: text, **(also or {})}.items():
        setattr(rating, name, value)
    rating.save()
    if text_field in changes:
        changes[text_field] = ("(text)" if old.get(text_field) else "", "(text)" if text else "")
    log_change(
        actor=actor,
        action=Action.CHANGE if old else Action.CREATE,
        obj=rating,
        child_id=rating.child_id,
        relation=relation,
        purpose=PURPOSE,
        changes=changes,
    )
    return rating


@transaction.atomic
def rating_save(
    *,
    actor: User,
    screening_round: ScreeningRound,
    child: Child,
    position_code: str,
    dimensions: Mapping[str, str] | None = None,
    comment: str = "",
) -> Rating:
    """A professional's own rating of one child; saving again replaces it while the round is open."""
    _group, relation = _rated_group(actor, screening_round, child)
    existing = Rating.objects.filter(round=screening_round, child=child, rater=actor).select_related("position").first()
    return _save(
        actor=actor,
        relation=relation,
        existing=existing,
        new=lambda: Rating(round=screening_round, child=child, rater=actor),
        position=_position(screening_round, position_code),
        chosen=_dimensions(screening_round, dimensions or {}),
        text_field="comment",
        text=comment.strip()[:500],
    )


@transaction.atomic
def screening_agree(
    *,
    actor: User,
    screening_round: ScreeningRound,
    child: Child,
    position_code: str,
    dimensions: Mapping[str, str] | None = None,
    note: str = "",
) -> Screening:
    """The joint rating agreed in the dialogue; saving again replaces it while the round is open."""
    group, relation = _rated_group(actor, screening_round, child)
    existing = Screening.objects.filter(round=screening_round, child=child).select_related("position").first()
    return _save(
        actor=actor,
        relation=relation,
        existing=existing,
        new=lambda: Screening(round=screening_round, child=child),
        position=_position(screening_round, position_code),
        chosen=_dimensions(screening_round, dimensions or {}),
        text_field="note",
        text=note.strip()[:2000],
        also={"group": group, "agreed_by": actor, "agreed_at": timezone.now()},
    )


@transaction.atomic
def next_step_record(
    *, actor: User, screening: Screening, kind: str, note: str = "", concern_id: int | None = None
) -> Screening:
    """What happens next for a child rated yellow or red: a local plan, a concern, or a forum."""
    screening_round = screening.round
    _group, relation = _rated_group(actor, screening_round, screening.child)
    errors: dict[str, str] = {}
    concern = None
    if kind not in NextStep.values:
        errors["kind"] = _("Choose the next step.")
    elif kind == NextStep.CONCERN:
        concern = Concern.objects.filter(pk=concern_id, child_id=screening.child_id).first() if concern_id else None
        if concern is None:
            errors["concern"] = _("Choose the concern recorded for the child, or record one first.")
    elif not note.strip():
        errors["note"] = _("Describe the next step: what will be done, and who does it.")
    if errors:
        raise ValidationError(errors)
    old = {"next_step": screening.next_step, "next_step_concern": screening.next_step_concern_id}
    screening.next_step = kind
    screening.next_step_note = note.strip()[:2000]
    screening.next_step_concern = concern
    screening.next_step_by = actor
    screening.next_step_on = today()
    screening.save(update_fields=["next_step", "next_step_note", "next_step_concern", "next_step_by", "next_step_on"])
    changes = _changes(old, {"next_step": kind, "next_step_concern": concern.pk if concern else None})
    changes["next_step_note"] = ("", "(text)" if screening.next_step_note else "")
    log_change(
        actor=actor,
        action=Action.CHANGE,
        obj=screening,
        child_id=screening.child_id,
        relation=relation,
        purpose=PURPOSE,
        changes=changes,
    )
    return screening


def missing_next_steps(screening_round: ScreeningRound) -> list[Screening]:
    """Joint ratings in a position that needs a next step, without one."""
    return list(
        Screening.objects.filter(round=screening_round, position__needs_next_step=True, next_step="")
        .select_related("child", "position")
        .order_by("child__last_name", "child__first_name", "child_id")
    )


@transaction.atomic
def round_close(*, actor: User, screening_round: ScreeningRound) -> ScreeningRound:
    """Close the round. Refused while a child rated yellow or red has no next step."""
    if not leads_unit(actor, screening_round.unit_id):
        raise PermissionDenied
    if not screening_round.is_open:
        raise ValidationError(_("The round is already closed."))
    missing = missing_next_steps(screening_round)
    if missing:
        names = ", ".join(s.child.full_name for s in missing)
        raise ValidationError(
            ngettext(
                "%(count)d child rated in a position that needs a next step has none: %(names)s. "
                "Record a next step before closing the round.",
                "%(count)d children rated in a position that needs a next step have none: %(names)s. "
                "Record a next step for each before closing the round.",
                len(missing),
            )
            % {"count": len(missing), "names": names}
        )
    screening_round.closed_at = timezone.now()
    screening_round.closed_by = actor
    screening_round.save(update_fields=["closed_at", "closed_by"])
    log_change(
        actor=actor,
        action=Action.CHANGE,
        obj=screening_round,
        child_id=None,
        purpose=PURPOSE,
        changes={"closed_at": (None, screening_round.closed_at.isoformat())},
    )
    return screening_round
