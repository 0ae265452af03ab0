from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from trivsel.children.access import Relation, can, children_administrable_by, children_visible_to, relation_for
from trivsel.children.models import Child, GrantSource
from trivsel.testing import factories as f


def test_it_shows_the_child_to_its_pedagogue_and_leader_only(cast):
    assert list(children_visible_to(cast.pedagogue)) == [cast.child]
    assert list(children_visible_to(cast.leader)) == [cast.child]
    for user in (cast.other_pedagogue, cast.case_worker, cast.outsider, cast.administrator, cast.other_parent):
        assert cast.child not in children_visible_to(user)
        assert relation_for(user, cast.child) is None


def test_it_records_why_a_professional_has_access(cast):
    relation = relation_for(cast.pedagogue, cast.child)
    assert relation is not None
    assert (relation.via, relation.role, relation.unit_id) == ("group", "frontline", cast.unit.pk)
    leader_relation = relation_for(cast.leader, cast.child)
    assert leader_relation is not None
    assert (leader_relation.via, leader_relation.role) == ("unit", "leader")


def test_a_grant_gives_access_until_it_ends(cast):
    grant = f.GrantFactory(child=cast.child, user=cast.case_worker, source=GrantSource.NOTIFICATION)
    assert list(children_visible_to(cast.case_worker)) == [cast.child]
    grant.ends_at = timezone.now() - datetime.timedelta(seconds=1)
    grant.save()
    assert list(children_visible_to(cast.case_worker)) == []


def test_a_parent_sees_a_child_only_while_holding_custody(cast):
    assert list(children_visible_to(cast.parent)) == [cast.child]
    father_user = cast.father_without_custody.user
    assert list(children_visible_to(father_user)) == []
    assert can(cast.parent, "give_consent", cast.child)
    assert not can(cast.parent, "view_child_details", cast.child)


def test_an_ended_enrolment_ends_access(cast):
    enrolment = cast.child.enrolments.get()
    enrolment.end = timezone.localdate() - datetime.timedelta(days=1)
    enrolment.save()
    assert list(children_visible_to(cast.pedagogue)) == []
    assert relation_for(cast.pedagogue, cast.child) is None


def test_a_revoked_or_future_grant_gives_no_access(cast):
    grant = f.GrantFactory(child=cast.child, user=cast.case_worker)
    grant.revoked_at = timezone.now()
    grant.save()
    assert relation_for(cast.case_worker, cast.child) is None
    f.GrantFactory(
        child=cast.child,
        user=cast.case_worker,
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert list(children_visible_to(cast.case_worker)) == []


def test_a_grant_records_its_reason_as_the_relation(cast):
    f.GrantFactory(child=cast.child, user=cast.case_worker, reason="Underretning 2026-14")
    relation = relation_for(cast.case_worker, cast.child)
    assert relation == Relation(via="grant", reason="Underretning 2026-14", source="manual")
    assert can(cast.case_worker, "view_child_details", cast.child)
    assert not can(cast.case_worker, "view_access_report", cast.child)


def test_a_leader_sees_a_child_enrolled_in_the_unit_without_a_group_but_a_pedagogue_does_not(cast):
    loose = f.ChildFactory()
    f.EnrolmentFactory(child=loose, group=None, unit=cast.unit)
    assert set(children_visible_to(cast.leader)) == {cast.child, loose}
    assert set(children_visible_to(cast.pedagogue)) == {cast.child}
    assert relation_for(cast.pedagogue, loose) is None


def test_an_ended_or_future_membership_gives_no_access(cast):
    membership = cast.pedagogue.memberships.get()
    membership.end = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    pedagogue = type(cast.pedagogue).objects.get(pk=cast.pedagogue.pk)  # the scope is cached per user object
    assert list(children_visible_to(pedagogue)) == []
    newcomer = f.MembershipFactory(group=cast.group, start=timezone.localdate() + datetime.timedelta(days=1)).user
    assert list(children_visible_to(newcomer)) == []
    assert relation_for(newcomer, cast.child) is None


def test_a_membership_ending_today_still_counts_today(cast):
    membership = cast.pedagogue.memberships.get()
    membership.end = timezone.localdate()
    membership.save()
    pedagogue = type(cast.pedagogue).objects.get(pk=cast.pedagogue.pk)
    assert list(children_visible_to(pedagogue)) == [cast.child]


def test_a_future_enrolment_gives_no_access_yet(cast):
    newcomer = f.ChildFactory()
    f.EnrolmentFactory(child=newcomer, group=cast.group, start=timezone.localdate() + datetime.timedelta(days=1))
    assert newcomer not in children_visible_to(cast.pedagogue)
    assert relation_for(cast.pedagogue, newcomer) is None


def test_a_deactivated_user_sees_nothing(cast):
    cast.pedagogue.is_active = False
    cast.pedagogue.save()
    assert list(children_visible_to(cast.pedagogue)) == []
    assert relation_for(cast.pedagogue, cast.child) is None
    assert list(children_visible_to(AnonymousUser())) == []  # type: ignore[arg-type]


def test_administrators_maintain_every_child_but_see_none_as_children(cast):
    other = f.ChildFactory()
    assert set(children_administrable_by(cast.administrator)) == set(Child.objects.all())
    assert {cast.child, other} < set(Child.objects.all())
    assert list(children_administrable_by(cast.leader)) == []
    assert not can(cast.administrator, "view_child", cast.child)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("pedagogue", {"view_child", "view_child_details", "record_consent", "reveal_cpr"}),
        ("leader", {"view_child", "view_child_details", "record_consent", "reveal_cpr", "view_access_report"}),
        ("parent", {"view_child", "give_consent", "view_own_access_log"}),
        ("other_pedagogue", set()),
        ("case_worker", set()),
        ("outsider", set()),
        ("administrator", set()),
        ("other_parent", set()),
    ],
)
def test_each_role_may_do_exactly_its_actions(cast, who, allowed):
    user = getattr(cast, who)
    actions = {
        "view_child",
        "view_child_details",
        "record_consent",
        "view_access_report",
        "reveal_cpr",
        "give_consent",
        "view_own_access_log",
    }
    assert {action for action in actions if can(user, action, cast.child)} == allowed
