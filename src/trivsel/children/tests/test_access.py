from __future__ import annotations

import datetime

from django.utils import timezone

from trivsel.children.access import can, children_visible_to, relation_for
from trivsel.children.models import GrantSource
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
