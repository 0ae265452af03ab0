"""Every write of meetings: fora and their generated meetings, calling a meeting, bringing a child
to it (with the sharing basis), the chair's order, the minutes (autosaved), agreements.

Each write checks who may do it, validates, writes and logs in one transaction. Minutes and
problems are child data: the log names the fields, never their text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_change
from trivsel.children.access import can, relation_for
from trivsel.children.models import Child
from trivsel.lib.time import today
from trivsel.meetings.access import chairs, may_open_item
from trivsel.meetings.cadence import cadence_validate, occurrences
from trivsel.meetings.models import AgendaItem, Agreement, Forum, ForumKind, ItemView, Meeting, Sharing
from trivsel.meetings.sharing import ViewBasis, discussion_consent, one_meeting_used
from trivsel.notifications.access import is_case_worker
from trivsel.organisation.models import Membership, Role

PURPOSE = "meeting"
MINUTES_FIELDS = (
    "problem",
    "knowledge_professionals",
    "knowledge_parents",
    "knowledge_child",
    "discussion",
    "intervention_note",
    "evaluation_plan",
    "new_agreements",
)
TEXT_LIMIT = 20_000


def _log(actor: User, obj: Model, child: Child, action: Action, changes: Mapping[str, tuple[object, object]]) -> None:
    """Log a write of the child's meeting data, with the relation the actor has to the child (if any)."""
    log_change(
        actor=actor,
        action=action,
        obj=obj,
        child_id=child.pk,
        relation=relation_for(actor, child),
        purpose=PURPOSE,
        changes=changes,
    )


def _chair_for(forum: Forum) -> User | None:
    """The first current member with the forum's chair role in its unit (or district, for advisers)."""
    day = today()
    members = Membership.objects.filter(role=forum.chair_role, start__lte=day).exclude(end__lt=day)
    if forum.chair_role == Role.DISTRICT_ADVISER:  # advisers belong to a district, not a unit
        district = forum.district_id or (forum.unit.district_id if forum.unit else None)
        place = members.filter(district_id=district) if district else members.none()
    else:
        place = members.filter(unit=forum.unit) if forum.unit_id else members.filter(district=forum.district)
    found = place.select_related("user").order_by("start", "id").first()
    return found.user if found else None


def forum_validate(forum: Forum) -> None:
    """The forum's own rules, for the admin form: a place, a readable cadence with a first day and a time."""
    errors: dict[str, str] = {}
    if not forum.unit_id and not forum.district_id:
        errors["unit"] = _("Choose the unit or the district the forum belongs to.")
    try:
        cadence_validate(forum.cadence)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if forum.cadence and (forum.first_day is None or forum.start_time is None):
        errors["first_day"] = _("A forum with a cadence needs the day and time of its first meeting.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def forum_save(*, forum: Forum) -> Forum:
    """Validate and save a forum (the admin's form); its meetings are generated after its members."""
    forum_validate(forum)
    forum.save()
    return forum


@transaction.atomic
def meetings_generate(*, forum: Forum, until: datetime.date | None = None) -> list[Meeting]:
    """The forum's meetings from today until ``until`` (a year ahead), those not made before."""
    if not forum.cadence or not forum.is_active or forum.first_day is None or forum.start_time is None:
        return []
    end = until or today() + datetime.timedelta(days=365)
    starts = occurrences(
        rule=forum.cadence,
        first_day=forum.first_day,
        start_time=forum.start_time,
        after=today(),
        until=end,
        skip_closed_days=forum.skip_closed_days,
    )
    existing = set(Meeting.objects.filter(forum=forum, starts_at__in=starts).values_list("starts_at", flat=True))
    chair = _chair_for(forum)
    length = datetime.timedelta(minutes=forum.duration_minutes)
    created = Meeting.objects.bulk_create(
        Meeting(
            forum=forum,
            kind=forum.kind,
            unit_id=forum.unit_id,
            district_id=forum.district_id,
            title=forum.name,
            starts_at=start,
            ends_at=start + length,
            chair=chair,
            parts=forum.parts,
        )
        for start in starts
        if start not in existing
    )
    members = list(forum.members.values_list("pk", flat=True))
    Through = Meeting.participants.through
    Through.objects.bulk_create(
        [Through(meeting_id=m.pk, user_id=u) for m in created for u in members], ignore_conflicts=True
    )
    return created


def _may_call(actor: User, kind: str, unit_id: int | None) -> bool:
    """A leader calls a dialogue meeting in the unit; a case worker a network meeting."""
    if kind == ForumKind.NETWORK:
        return is_case_worker(actor)
    if kind == ForumKind.DIALOGUE and unit_id:
        day = today()
        return (
            Membership.objects.filter(user=actor, role=Role.LEADER, unit_id=unit_id, start__lte=day)
            .exclude(end__lt=day)
            .exists()
        )
    return False


@transaction.atomic
def meeting_call(
    *,
    actor: User,
    kind: str,
    unit_id: int | None,
    title: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str = "",
    participants: Iterable[User] = (),
) -> Meeting:
    """A meeting called when needed (seed 002): its caller chairs it and takes the minutes."""
    if not _may_call(actor, kind, unit_id):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the meeting a title.")
    if starts_at < timezone.now() - datetime.timedelta(hours=1):
        errors["starts_at"] = _("The meeting cannot start in the past.")
    if not 15 <= duration_minutes <= 480:
        errors["duration_minutes"] = _("A meeting lasts from 15 minutes to 8 hours.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        kind=kind,
        unit_id=unit_id,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=duration_minutes),
        location=location.strip(),
        chair=actor,
        called_by=actor,
    )
    meeting.participants.add(actor, *participants)
    log_change(
        actor=actor,
        action=Action.CREATE,
        obj=meeting,
        child_id=None,
        purpose=PURPOSE,
        changes={"kind": (None, kind), "starts_at": (None, starts_at.isoformat())},
    )
    return meeting


@transaction.atomic
def participant_add(*, actor: User, meeting: Meeting, user: User) -> None:
    if not chairs(actor, meeting):
        raise PermissionDenied
    if getattr(user, "guardian", None) is not None or not user.is_active:
        raise ValidationError({"user": _("Only active professionals can take part.")})
    meeting.participants.add(user)
    log_change(
        actor=actor,
        action=Action.CHANGE,
        obj=meeting,
        child_id=None,
        purpose=PURPOSE,
        changes={"participants": (None, user.pk)},
    )


def _sharing(child: Child, meeting: Meeting, without_consent: bool) -> tuple[str, int | None]:
    """Step 1: consent in force on the meeting's day, or the one-meeting rule once, or anonymous."""
    consent = discussion_consent(child, timezone.localdate(meeting.starts_at))
    if consent is not None:
        return Sharing.CONSENT, consent.pk
    if not without_consent:
        return Sharing.ANONYMOUS, None
    earlier = one_meeting_used(child, exclude_meeting_id=meeting.pk)
    if earlier is not None:
        message = _(
            "The child was already discussed by name without consent at %(meeting)s on %(day)s; the rule "
            "allows that once. Obtain the parents' consent, or bring the child anonymously."
        )
        day = timezone.localtime(earlier.meeting.starts_at)
        raise ValidationError(
            {"without_consent": message % {"meeting": earlier.meeting.title, "day": f"{day:%d-%m-%Y}"}}
        )
    return Sharing.ONE_MEETING, None


@transaction.atomic
def item_request(
    *, actor: User, meeting: Meeting, child: Child, problem: str, without_consent: bool = False
) -> AgendaItem:
    """A professional with a relation to the child brings it to the meeting: its own agenda item."""
    if not can(actor, "view_child_details", child):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if meeting.cancelled_at is not None or meeting.ends_at < timezone.now():
        errors["meeting"] = _("The meeting has been held or cancelled; choose another.")
    elif AgendaItem.objects.filter(meeting=meeting, child=child).exists():
        errors["meeting"] = _("The child is already on this meeting's agenda.")
    if not problem.strip():
        errors["problem"] = _("Describe the problem you want to discuss.")
    if errors:
        raise ValidationError(errors)
    sharing, consent_id = _sharing(child, meeting, without_consent)
    order = (AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        child=child,
        requested_by=actor,
        order=order,
        sharing=sharing,
        consent_id=consent_id,
        first_name=child.first_name,
        problem=problem.strip()[:TEXT_LIMIT],
    )
    meeting.participants.add(actor)
    _log(
        actor,
        item,
        child,
        Action.CREATE,
        {"meeting": (None, meeting.pk), "sharing": (None, sharing), "problem": (None, "(text)")},
    )
    return item


@transaction.atomic
def item_move(*, actor: User, item: AgendaItem, up: bool) -> None:
    """The chair moves an item one place up or down the agenda."""
    if not chairs(actor, item.meeting):
        raise PermissionDenied
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("order", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if up else index + 1
    if not 0 <= swap < len(items):
        return
    items[index], items[swap] = items[swap], items[index]
    for position, other in enumerate(items, start=1):
        other.order = position
    AgendaItem.objects.bulk_update(items, ["order"])


def may_write_minutes(actor: User, item: AgendaItem) -> bool:
    return chairs(actor, item.meeting) and may_open_item(actor, item)


@transaction.atomic
def minutes_save(*, actor: User, item: AgendaItem, values: Mapping[str, str], version: int) -> AgendaItem:
    """Save the minutes typed so far (autosave). Refused if someone saved a newer version meanwhile."""
    if not may_write_minutes(actor, item):
        raise PermissionDenied
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if current.minutes_version != version:
        raise ValidationError(
            _("Someone else saved these minutes meanwhile. Your text is kept in this browser: copy it, then reload."),
            code="conflict",
        )
    changed = []
    for name in MINUTES_FIELDS:
        if name in values and getattr(current, name) != values[name][:TEXT_LIMIT]:
            setattr(current, name, values[name][:TEXT_LIMIT])
            changed.append(name)
    if not changed:
        return current
    if not current.problem.strip():
        raise ValidationError({"problem": _("The problem to discuss cannot be empty.")})
    current.minutes_version += 1
    current.minutes_saved_at, current.minutes_saved_by = timezone.now(), actor
    current.save(update_fields=[*changed, "minutes_version", "minutes_saved_at", "minutes_saved_by"])
    _log(actor, current, current.child, Action.CHANGE, {name: ("(text)", "(text)") for name in changed})
    return current


@transaction.atomic
def parent_contact_set(*, actor: User, item: AgendaItem, contact: User | None) -> AgendaItem:
    """Step 5: who keeps contact with the parents."""
    if not may_write_minutes(actor, item):
        raise PermissionDenied
    old = item.parent_contact_id
    item.parent_contact = contact
    item.save(update_fields=["parent_contact"])
    _log(actor, item, item.child, Action.CHANGE, {"parent_contact": (old, contact.pk if contact else None)})
    return item


@transaction.atomic
def agreement_add(
    *, actor: User, item: AgendaItem, what: str, owner: User | None, owner_other: str, due: datetime.date
) -> Agreement:
    """Step 5: who does what by when, decided in the meeting."""
    if not may_write_minutes(actor, item):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not what.strip():
        errors["what"] = _("Say what is to be done.")
    if (owner is None) == (not owner_other.strip()):
        errors["owner"] = _("Choose one person who does it: a participant, or someone else by name (e.g. “Mor”).")
    if due < timezone.localdate(item.meeting.starts_at):
        errors["due"] = _("The date cannot be before the meeting.")
    if errors:
        raise ValidationError(errors)
    agreement = Agreement.objects.create(
        item=item,
        child_id=item.child_id,
        what=what.strip()[:500],
        owner=owner,
        owner_other=owner_other.strip()[:100],
        due=due,
    )
    _log(
        actor,
        agreement,
        item.child,
        Action.CREATE,
        {
            "what": (None, "(text)"),
            "owner": (None, owner.pk if owner else "(other)"),
            "due": (None, due.isoformat()),
        },
    )
    return agreement


@transaction.atomic
def agreement_done(*, actor: User, agreement: Agreement) -> Agreement:
    """Its owner, or the meeting's chair, marks an agreement done."""
    item = agreement.item
    if agreement.owner_id != actor.pk and not may_write_minutes(actor, item):
        raise PermissionDenied
    if agreement.done_on is not None:
        raise ValidationError(_("The agreement is already done."))
    agreement.done_on = today()
    agreement.save(update_fields=["done_on"])
    _log(actor, agreement, item.child, Action.CHANGE, {"done_on": (None, agreement.done_on.isoformat())})
    return agreement


def item_view_record(*, user: User, item: AgendaItem, basis: ViewBasis) -> None:
    """Record on which basis the user saw the item (first and last time)."""
    now = timezone.now()
    updated = ItemView.objects.filter(item=item, user=user).update(last_at=now, basis=basis)
    if not updated:
        ItemView.objects.create(item=item, user=user, basis=basis, first_at=now, last_at=now)
