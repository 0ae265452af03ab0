"""Reading transitions: the sender's and the receiver's pages, the leader's overview, and suggestions."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children.access import Relation, can, current_enrolments, current_grants, relation_for
from trivsel.children.models import Child, Enrolment, GrantSource
from trivsel.consent.models import Consent, Purpose, RecipientKind
from trivsel.consent.selectors import consents_in_force
from trivsel.lib.time import today
from trivsel.organisation.models import Membership, Role, Unit
from trivsel.plans.models import Intervention
from trivsel.transitions import access
from trivsel.transitions.models import Handover, Kind, Status, Transition
from trivsel.transitions.rules import born_by, kind_between, next_transition

READ_PURPOSE = "transition_handover"
# What the overview counts, in the order a handover goes through.
STATUS_ORDER = (Status.DRAFT, Status.WITH_PARENTS, Status.APPROVED, Status.SHARED, Status.ACKNOWLEDGED)


def sharing_consent(transition: Transition, on: datetime.date | None = None) -> Consent | None:
    """A consent in force for handing over to the receiving unit, from a guardian with custody."""
    consents = consents_in_force(transition.child, Purpose.TRANSITION_HANDOVER, on or today())
    return (
        consents.filter(recipients__kind=RecipientKind.UNIT, recipients__unit_id=transition.to_unit_id)
        .order_by("-valid_from", "-id")
        .first()
    )


def _transitions() -> QuerySet[Transition]:
    return Transition.objects.select_related(
        "child", "from_unit", "to_unit", "to_group", "handover", "handover__contact_person", "bridge_meeting"
    )


def transition_get(
    *, user: User, transition_id: int, sides: tuple[str, ...] = ("sender", "receiver")
) -> tuple[Transition, str]:
    """The transition and the user's side of it ("sender" or "receiver"), or 404 (logged) for anyone else.

    The sending side reads the child's data: logged as a READ of the child with the user's relation.
    The receiving side reads only the shared handover, logged by ``handover_for_receiver``.
    """
    transition = _transitions().filter(pk=transition_id).first()
    if transition is not None:
        if "sender" in sides and access.sends(user, transition):
            child = transition.child
            relation = relation_for(user, child)
            log_access(
                actor=user, action=Action.READ, child_id=child.pk, obj=child, relation=relation, purpose="transition"
            )
            return transition, "sender"
        shared = transition.status in (Status.SHARED, Status.ACKNOWLEDGED)
        if "receiver" in sides and shared and access.receives(user, transition):
            return transition, "receiver"
    child_id = transition.child_id if transition is not None else None
    log_access(actor=user, action=Action.DENIED, child_id=child_id, purpose=READ_PURPOSE, status=404)
    raise Http404


def handover_for_receiver(*, user: User, transition: Transition) -> Handover | None:
    """The approved content for the receiving unit, logged as a read; None once the consent no longer holds."""
    handover = transition.handover
    if sharing_consent(transition) is None:
        log_access(
            actor=user,
            action=Action.DENIED,
            child_id=transition.child_id,
            obj=handover,
            purpose=READ_PURPOSE,
            status=403,
        )
        return None
    relation = Relation(
        via="consent", role=access.receiving_role(user, transition), unit_id=transition.to_unit_id, reason=READ_PURPOSE
    )
    log_access(
        actor=user,
        action=Action.READ,
        child_id=transition.child_id,
        obj=handover,
        relation=relation,
        purpose=READ_PURPOSE,
    )
    return handover


def child_transitions(child: Child) -> QuerySet[Transition]:
    return _transitions().filter(child=child).order_by("-moves_on", "-id")


def parent_transitions(child: Child) -> QuerySet[Transition]:
    """What the parents see: handovers sent to them and later, or sent back with their comment."""
    return (
        child_transitions(child)
        .exclude(status=Status.CANCELLED)
        .exclude(status=Status.DRAFT, handover__parents_comment="")
    )


def bridge_candidates(transition: Transition) -> QuerySet[User]:
    """Everyone who knows the child (seed 002), and the receiving unit's leaders and group staff."""
    child = transition.child
    day = today()
    enrolments = current_enrolments().filter(child=child)
    memberships = Membership.objects.filter(start__lte=day).exclude(end__lt=day)
    known = memberships.filter(
        Q(role=Role.FRONTLINE, group_id__in=enrolments.values("group_id"))
        | Q(role=Role.LEADER, unit_id__in=enrolments.values("unit_id"))
    ).values("user_id")
    receiving = Q(role=Role.LEADER, unit_id=transition.to_unit_id)
    if transition.to_group_id:
        receiving |= Q(role=Role.FRONTLINE, group_id=transition.to_group_id)
    grants = current_grants().filter(child=child).exclude(source=GrantSource.REVIEW).values("user_id")
    responsible = Intervention.objects.filter(child=child, closed_on__isnull=True).values("responsible_id")
    return (
        User.objects.filter(
            Q(pk__in=known)
            | Q(pk__in=memberships.filter(receiving).values("user_id"))
            | Q(pk__in=grants)
            | Q(pk__in=responsible),
            is_active=True,
            guardian__isnull=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


@dataclass(frozen=True)
class Suggestion:
    """A transition the rules say is coming and nobody has created yet."""

    child: Child
    from_unit: Unit
    kind: str
    moves_on: datetime.date
    to_unit: Unit | None  # known when the receiving enrolment is already registered

    @property
    def overdue(self) -> bool:
        return self.moves_on <= today()

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


def suggestions(unit: Unit, *, horizon_days: int | None = None, on: datetime.date | None = None) -> list[Suggestion]:
    """Children of ``unit`` whose next transition is due within the horizon and has not been created (3 queries)."""
    day = on or today()
    until = day + datetime.timedelta(days=settings.TRANSITION_HORIZON_DAYS if horizon_days is None else horizon_days)
    enrolled = current_enrolments(day).filter(unit=unit)
    registered_ids = Enrolment.objects.filter(start__gt=day, start__lte=until).exclude(unit=unit).values("child_id")
    latest_birth = born_by(unit.kind, day, until)
    # Only children the rules may find due, or with a receiving enrolment registered: not a whole school.
    due = Q(child_id__in=registered_ids)
    if latest_birth is not None:
        due |= Q(child__birth_date__lte=latest_birth)
    enrolments = list(
        enrolled.filter(due)
        .select_related("child")
        .only("child_id", "child__first_name", "child__last_name", "child__birth_date")
        .order_by("child__birth_date")
    )
    child_ids = [e.child_id for e in enrolments]
    created = set(
        Transition.objects.filter(child_id__in=child_ids, from_unit=unit)
        .exclude(status=Status.CANCELLED)
        .values_list("child_id", flat=True)
    )
    registered: dict[int, Enrolment] = {}
    upcoming = (
        Enrolment.objects.filter(child_id__in=child_ids, start__gt=day, start__lte=until)
        .exclude(unit=unit)
        .select_related("unit")
        .order_by("start")
    )
    for enrolment in upcoming:
        registered.setdefault(enrolment.child_id, enrolment)
    found: list[Suggestion] = []
    for enrolment in enrolments:
        child = enrolment.child
        if child.pk in created:
            continue
        next_enrolment = registered.get(child.pk)
        if next_enrolment is not None:
            kind = kind_between(unit.kind, next_enrolment.unit.kind)
            found.append(Suggestion(child, unit, kind, next_enrolment.start, next_enrolment.unit))
            continue
        rule = next_transition(unit.kind, child.birth_date, day)
        if rule is not None and rule[1] <= until:
            found.append(Suggestion(child, unit, rule[0], rule[1], None))
    return sorted(found, key=lambda s: (s.moves_on, s.child.last_name, s.child.first_name, s.child.pk))


@dataclass(frozen=True)
class Overview:
    unit: Unit
    outgoing: list[Transition]
    incoming: list[Transition]
    outgoing_counts: dict[str, int]
    incoming_counts: dict[str, int]
    suggestions: list[Suggestion]
    # Of the incoming children, those the leader may see by name: shared under consent, or already moved.
    named_incoming: frozenset[int]


def _counts(transitions: QuerySet[Transition]) -> dict[str, int]:
    counted = Counter(dict(transitions.values_list("status").annotate(n=Count("pk")).order_by()))
    return {status: counted.get(status, 0) for status in STATUS_ORDER}


def _overview_rows(transitions: QuerySet[Transition]) -> QuerySet[Transition]:
    """Only what a row of the overview shows: a school's intake is hundreds of rows."""
    return (
        transitions.select_related("child", "from_unit", "to_unit", "to_group", "bridge_meeting")
        .only(
            "status",
            "moves_on",
            "kind",
            "child_id",
            "from_unit_id",
            "to_unit_id",
            "to_group_id",
            "bridge_meeting_id",
            "child__first_name",
            "child__last_name",
            "child__birth_date",
            "from_unit__name",
            "to_unit__name",
            "to_group__name",
            "bridge_meeting__starts_at",
        )
        .order_by("moves_on", "child__last_name", "pk")
    )


def overview(*, user: User, unit: Unit, since: datetime.date | None = None) -> Overview:
    """A leader's transitions out of and into the unit from ``since`` (default: 60 days ago), with counts."""
    if not access.leads(user, unit.pk):
        raise Http404
    start = since or today() - datetime.timedelta(days=60)
    live = Transition.objects.exclude(status=Status.CANCELLED).filter(moves_on__gte=start)
    out_qs = live.filter(from_unit=unit)
    in_qs = live.filter(to_unit=unit)
    outgoing = list(_overview_rows(out_qs))
    incoming = list(_overview_rows(in_qs))
    day = today()
    named = frozenset(
        t.child_id for t in incoming if t.status in (Status.SHARED, Status.ACKNOWLEDGED) or t.moves_on <= day
    )
    return Overview(
        unit=unit,
        outgoing=outgoing,
        incoming=incoming,
        outgoing_counts=_counts(out_qs),
        incoming_counts=_counts(in_qs),
        suggestions=suggestions(unit),
        named_incoming=named,
    )


def led_units(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=access.led_unit_ids(user)).order_by("name")


@dataclass(frozen=True)
class MyTransitions:
    outgoing: list[Transition]  # children of the user's groups moving on
    incoming: list[Transition]  # handovers shared with the user's group

    @property
    def all(self) -> list[Transition]:
        return sorted(self.outgoing + self.incoming, key=lambda t: (t.moves_on, t.pk))


def my_transitions(user: User, limit: int = 200) -> MyTransitions:
    """A pedagogue's or teacher's: out of the groups they work in, and into their group (2 queries)."""
    memberships = access.current_memberships(user).filter(role=Role.FRONTLINE)
    group_ids = list(memberships.values_list("group_id", flat=True))
    if not group_ids:
        return MyTransitions([], [])
    live = _transitions().exclude(status=Status.CANCELLED).order_by("moves_on", "pk")
    outgoing = list(live.filter(from_enrolment__group_id__in=group_ids)[:limit])
    shared = (Status.SHARED, Status.ACKNOWLEDGED)
    incoming = list(live.filter(to_group_id__in=group_ids, status__in=shared)[:limit])
    return MyTransitions(outgoing, incoming)


def may_create_for(user: User, child: Child) -> list[Unit]:
    """The units the user leads that the child attends now: where a transition can start from."""
    if not can(user, "view_child_details", child):
        return []
    unit_ids = current_enrolments().filter(child=child, unit_id__in=access.led_unit_ids(user)).values("unit_id")
    return list(Unit.objects.filter(pk__in=unit_ids).order_by("name"))
