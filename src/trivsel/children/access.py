"""The one access policy for children's data.

A professional has a *working relation* to a child when the child is currently enrolled in
a group where the professional is a frontline member, or in a unit the professional leads,
or when the professional holds a current, unrevoked ``ChildAccessGrant`` for the child.
A guardian sees a child while the guardianship holds custody. Nobody else sees the child,
administrators included: they manage master data through ``children_administrable_by``.

``children_visible_to`` (a queryset, for lists, search, API, exports and counts) and
``relation_for`` (one child, behind the ``rules`` predicates) must always agree; a property
test checks that they do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import rules
from django.db.models import Case, Q, QuerySet, When
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.children.models import Child, ChildAccessGrant, Enrolment, GrantSource, Guardianship
from trivsel.lib.time import today
from trivsel.organisation.models import Membership, Role


@dataclass(frozen=True)
class Relation:
    """Why a user may see a child: recorded with every access-log row."""

    via: str  # "group", "unit", "grant" or "custody"
    role: str = ""
    unit_id: int | None = None
    reason: str = ""
    source: str = ""  # a grant's source: a case review's grant lets the reviewer read, not act


@dataclass(frozen=True)
class StaffScope:
    group_ids: frozenset[int]
    led_unit_ids: frozenset[int]
    # For the access log: the role and unit each group/unit is reached through.
    roles: dict[str, tuple[str, int]]


def current_enrolments(on: datetime.date | None = None) -> QuerySet[Enrolment]:
    day = on or today()
    return Enrolment.objects.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


def current_grants(at: datetime.datetime | None = None) -> QuerySet[ChildAccessGrant]:
    moment = at or timezone.now()
    return ChildAccessGrant.objects.filter(starts_at__lte=moment, ends_at__gt=moment, revoked_at__isnull=True)


def staff_scope(user: User, on: datetime.date | None = None) -> StaffScope:
    """The groups and units a professional reaches children through; cached per user object."""
    day = on or today()
    cache_key = f"_trivsel_scope_{day.isoformat()}"
    cached: StaffScope | None = getattr(user, cache_key, None)
    if cached is not None:
        return cached
    groups: set[int] = set()
    units: set[int] = set()
    roles: dict[str, tuple[str, int]] = {}
    memberships = Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), user=user, start__lte=day)
    for m in memberships.only("role", "unit_id", "group_id"):
        if m.role == Role.FRONTLINE and m.group_id and m.unit_id:
            groups.add(m.group_id)
            roles[f"g{m.group_id}"] = (m.role, m.unit_id)
        elif m.role == Role.LEADER and m.unit_id:
            units.add(m.unit_id)
            roles[f"u{m.unit_id}"] = (m.role, m.unit_id)
    scope = StaffScope(frozenset(groups), frozenset(units), roles)
    setattr(user, cache_key, scope)
    return scope


def children_visible_to(user: User) -> QuerySet[Child]:
    """Every child the user has a working relation to (or custody of), as one queryset."""
    if not user.is_authenticated or not user.is_active:
        return Child.objects.none()
    # Filter by a list of child ids the database builds from the user's groups, units and grants
    # (``id IN (… UNION …)``), not by EXISTS per child: that tested every child in the
    # municipality, 1–2 s per page at 100,000 children (docs/benchmarks.md).
    guardian = getattr(user, "guardian", None)
    if guardian is not None:
        return Child.objects.filter(
            pk__in=Guardianship.objects.filter(guardian=guardian, has_custody=True).values("child_id")
        )
    scope = staff_scope(user)
    granted = current_grants().filter(user=user).values("child_id").order_by()
    if not (scope.group_ids or scope.led_unit_ids):
        return Child.objects.filter(pk__in=granted)
    enrolled = (
        current_enrolments()
        .filter(Q(group_id__in=scope.group_ids) | Q(unit_id__in=scope.led_unit_ids))
        .values("child_id")
        .order_by()
    )
    return Child.objects.filter(pk__in=enrolled.union(granted))


def relation_for(user: User, child: Child) -> Relation | None:
    """Why ``user`` may see ``child``, or None. Same rule as ``children_visible_to``."""
    if not user.is_authenticated or not user.is_active:
        return None
    guardian = getattr(user, "guardian", None)
    if guardian is not None:
        holds = Guardianship.objects.filter(child=child, guardian=guardian, has_custody=True).exists()
        return Relation(via="custody", role="guardian") if holds else None
    scope = staff_scope(user)
    if scope.group_ids or scope.led_unit_ids:
        for enrolment in current_enrolments().filter(child=child).only("unit_id", "group_id"):
            if enrolment.group_id in scope.group_ids:
                role, unit_id = scope.roles[f"g{enrolment.group_id}"]
                return Relation(via="group", role=role, unit_id=unit_id)
            if enrolment.unit_id in scope.led_unit_ids:
                return Relation(via="unit", role=Role.LEADER, unit_id=enrolment.unit_id)
    # A grant for work beats a review's read-only one, when a reviewer happens to hold both.
    grant = current_grants().filter(child=child, user=user).only("reason", "source").order_by(_review_last()).first()
    if grant is not None:
        return Relation(via="grant", reason=grant.reason, source=grant.source)
    return None


def children_administrable_by(user: User) -> QuerySet[Child]:
    """Administrators maintain master data (names, guardians, enrolments) for all children."""
    if user.is_authenticated and user.is_administrator:
        return Child.objects.all()
    return Child.objects.none()


@rules.predicate
def has_working_relation(user: User, child: Child) -> bool:
    return relation_for(user, child) is not None


def _review_last() -> Case:
    return Case(When(source=GrantSource.REVIEW, then=1), default=0)


@rules.predicate
def is_professional_with_relation(user: User, child: Child) -> bool:
    """Works with the child: not a guardian, and not only reading the case file for a case review."""
    relation = relation_for(user, child)
    return relation is not None and relation.via != "custody" and relation.source != GrantSource.REVIEW


@rules.predicate
def leads_childs_unit(user: User, child: Child) -> bool:
    relation = relation_for(user, child)
    return relation is not None and relation.role == Role.LEADER


@rules.predicate
def holds_custody(user: User, child: Child) -> bool:
    relation = relation_for(user, child)
    return relation is not None and relation.via == "custody"


# A rule set of its own, so that Django's superuser shortcut in has_perm never applies.
child_rules = rules.RuleSet()
child_rules.add_rule("view_child", has_working_relation)
child_rules.add_rule("view_child_details", is_professional_with_relation)
child_rules.add_rule("record_consent", is_professional_with_relation)
child_rules.add_rule("view_access_report", leads_childs_unit)
child_rules.add_rule("reveal_cpr", is_professional_with_relation)
child_rules.add_rule("give_consent", holds_custody)
child_rules.add_rule("view_own_access_log", holds_custody)


def can(user: User, action: str, child: Child) -> bool:
    return child_rules.test_rule(action, user, child)
