"""The access policy's two forms agree: the queryset for lists and the one-child predicate.

Hypothesis builds random organisations, memberships, enrolments, grants and guardianships around
"today", including ended and not-yet-started periods, and checks for every user that
``children_visible_to(user)`` is exactly the children ``relation_for`` lets through, and that both
match the rule written out by hand from the generated data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from trivsel.accounts.models import User
from trivsel.children.access import children_visible_to, relation_for
from trivsel.children.models import Child, ChildAccessGrant, Enrolment, Guardian, Guardianship
from trivsel.lib.time import today
from trivsel.organisation.models import District, Group, Membership, Municipality, Role, Unit, UnitKind

MAX_UNITS = 3
GROUPS_PER_UNIT = 2
MAX_CHILDREN = 6
MAX_USERS = 5

# A period relative to today, in days (start, end or None): current (open or closing on or after
# today, boundaries included), ended, or not yet started.
period = st.one_of(
    st.tuples(st.integers(-400, 0), st.none()),
    st.tuples(st.integers(-400, 0), st.integers(0, 400)),
    st.integers(-400, -1).flatmap(lambda start: st.tuples(st.just(start), st.integers(start, -1))),
    st.tuples(st.integers(1, 30), st.one_of(st.none(), st.integers(31, 60))),
)


@dataclass(frozen=True)
class MembershipSpec:
    user: int
    role: str
    unit: int
    group: int | None
    start: int
    end: int | None


@dataclass(frozen=True)
class EnrolmentSpec:
    child: int
    unit: int
    group: int | None
    start: int
    end: int | None


@dataclass(frozen=True)
class GrantSpec:
    user: int
    child: int
    starts: int  # hours from now; never 0, so "now" moving during the test changes nothing
    ends: int
    revoked: bool


@dataclass(frozen=True)
class GuardianshipSpec:
    user: int
    child: int
    has_custody: bool


@st.composite
def memberships(draw: st.DrawFn, n_users: int, n_units: int) -> MembershipSpec:
    user = draw(st.integers(0, n_users - 1))
    unit = draw(st.integers(0, n_units - 1))
    role = draw(st.sampled_from([Role.FRONTLINE, Role.LEADER, Role.CASE_WORKER, Role.SPECIALIST]))
    group = draw(st.integers(0, GROUPS_PER_UNIT - 1)) if role == Role.FRONTLINE else None
    start, end = draw(period)
    return MembershipSpec(user, role, unit, group, start, end)


@st.composite
def enrolments(draw: st.DrawFn, n_children: int, n_units: int) -> EnrolmentSpec:
    child = draw(st.integers(0, n_children - 1))
    unit = draw(st.integers(0, n_units - 1))
    group = draw(st.one_of(st.none(), st.integers(0, GROUPS_PER_UNIT - 1)))
    start, end = draw(period)
    return EnrolmentSpec(child, unit, group, start, end)


@st.composite
def grants(draw: st.DrawFn, n_users: int, n_children: int) -> GrantSpec:
    user = draw(st.integers(0, n_users - 1))
    child = draw(st.integers(0, n_children - 1))
    starts = draw(st.sampled_from([-72, -1, 1, 72]))  # started, or in the future
    ends = starts + draw(st.sampled_from([1, 2, 48, 200]))  # may already have expired
    return GrantSpec(user, child, starts, ends, draw(st.booleans()))


@dataclass(frozen=True)
class World:
    n_units: int
    n_children: int
    n_users: int
    inactive: frozenset[int]
    memberships: list[MembershipSpec]
    enrolments: list[EnrolmentSpec]
    grants: list[GrantSpec]
    guardianships: list[GuardianshipSpec]


@st.composite
def worlds(draw: st.DrawFn) -> World:
    n_units = draw(st.integers(1, MAX_UNITS))
    n_children = draw(st.integers(1, MAX_CHILDREN))
    n_users = draw(st.integers(1, MAX_USERS))
    guardianships = draw(
        st.lists(
            st.builds(GuardianshipSpec, st.integers(0, n_users - 1), st.integers(0, n_children - 1), st.booleans()),
            max_size=4,
            unique_by=lambda g: (g.user, g.child),
        )
    )
    return World(
        n_units=n_units,
        n_children=n_children,
        n_users=n_users,
        inactive=frozenset(draw(st.sets(st.integers(0, n_users - 1), max_size=1))),
        memberships=draw(st.lists(memberships(n_users, n_units), max_size=8)),
        enrolments=draw(st.lists(enrolments(n_children, n_units), max_size=8)),
        grants=draw(st.lists(grants(n_users, n_children), max_size=4)),
        guardianships=guardianships,
    )


def _day(offset: int) -> datetime.date:
    return today() + datetime.timedelta(days=offset)


def _end(offset: int | None) -> datetime.date | None:
    return None if offset is None else _day(offset)


def _current(start: int, end: int | None) -> bool:
    return start <= 0 and (end is None or end >= 0)


def expected_children(world: World, user: int) -> set[int]:
    """The policy written out by hand, on the generated data alone."""
    if user in world.inactive:
        return set()
    guardianships = [g for g in world.guardianships if g.user == user]
    if guardianships:  # a user linked to a guardian is a parent, whatever else they are
        return {g.child for g in guardianships if g.has_custody}
    mine = [m for m in world.memberships if m.user == user and _current(m.start, m.end)]
    groups = {(m.unit, m.group) for m in mine if m.role == Role.FRONTLINE}
    led_units = {m.unit for m in mine if m.role == Role.LEADER}
    visible = {
        e.child
        for e in world.enrolments
        if _current(e.start, e.end) and ((e.unit, e.group) in groups or e.unit in led_units)
    }
    visible |= {g.child for g in world.grants if g.user == user and g.starts < 0 < g.ends and not g.revoked}
    return visible


def build(world: World) -> tuple[list[User], list[Child]]:
    now = timezone.now()
    municipality = Municipality.objects.create(name="Egenskabskommune")
    district = District.objects.create(municipality=municipality, name="Distrikt")
    units = [
        Unit.objects.create(district=district, name=f"Enhed {i}", kind=UnitKind.KINDERGARTEN)
        for i in range(world.n_units)
    ]
    groups = {
        (u, g): Group.objects.create(unit=unit, name=f"Stue {g}")
        for u, unit in enumerate(units)
        for g in range(GROUPS_PER_UNIT)
    }
    users = [
        User.objects.create(username=f"bruger{i}", is_active=i not in world.inactive) for i in range(world.n_users)
    ]
    children = [
        Child.objects.create(first_name=f"Barn{i}", last_name="Test", birth_date=datetime.date(2020, 1, 1))
        for i in range(world.n_children)
    ]
    for m in world.memberships:
        Membership.objects.create(
            user=users[m.user],
            role=m.role,
            unit=units[m.unit],
            group=None if m.group is None else groups[(m.unit, m.group)],
            start=_day(m.start),
            end=_end(m.end),
        )
    for e in world.enrolments:
        Enrolment.objects.create(
            child=children[e.child],
            unit=units[e.unit],
            group=None if e.group is None else groups[(e.unit, e.group)],
            track=units[e.unit].track,
            start=_day(e.start),
            end=_end(e.end),
        )
    for g in world.grants:
        ChildAccessGrant.objects.create(
            child=children[g.child],
            user=users[g.user],
            reason="Møde",
            starts_at=now + datetime.timedelta(hours=g.starts),
            ends_at=now + datetime.timedelta(hours=g.ends),
            revoked_at=now - datetime.timedelta(hours=1) if g.revoked else None,
        )
    guardians: dict[int, Guardian] = {}
    for gs in world.guardianships:
        if gs.user not in guardians:
            guardians[gs.user] = Guardian.objects.create(first_name="F", last_name="G", user=users[gs.user])
        Guardianship.objects.create(
            child=children[gs.child], guardian=guardians[gs.user], relation="other", has_custody=gs.has_custody
        )
    return users, children


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds())
def test_visible_to_equals_the_predicate_child_by_child(db, world):
    with transaction.atomic():
        users, children = build(world)
        for index, stored in enumerate(users):
            user = User.objects.get(pk=stored.pk)  # fresh: no cached scope, guardian looked up as in a request
            visible = {c.pk for c in children_visible_to(user)}
            one_by_one = {c.pk for c in Child.objects.all() if relation_for(user, c) is not None}
            assert visible == one_by_one
            assert visible == {children[i].pk for i in expected_children(world, index)}
            event("user sees some children" if visible else "user sees none")  # shown by --hypothesis-show-statistics
        transaction.set_rollback(True)
