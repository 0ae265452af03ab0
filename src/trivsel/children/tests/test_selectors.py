from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trivsel.audit.models import AccessLog, Action
from trivsel.children import cpr
from trivsel.children.models import Child
from trivsel.children.selectors import (
    child_enrolment_history,
    child_get,
    child_guardianships,
    child_list,
    child_people_with_access,
)
from trivsel.testing import factories as f

EMMA_CPR = "1705200000"  # synthetic: 17-05-2020, not a real person's number


def _give_cpr(child: Child, number: str = EMMA_CPR) -> None:
    child.cpr_encrypted = cpr.encrypt(number)
    child.cpr_digest = cpr.digest(number)
    child.save()


def test_the_list_has_exactly_the_visible_children_and_logs_one_read(cast):
    f.ChildFactory()  # enrolled nowhere
    f.EnrolmentFactory(group=cast.other_group)  # a child in another group
    assert list(child_list(user=cast.pedagogue)) == [cast.child]
    entry = AccessLog.objects.get()
    assert (entry.action, entry.username, entry.child_id, entry.purpose, entry.search_criterion) == (
        "read",
        "pia",
        None,
        "child_list",
        "",
    )


def test_the_list_is_ordered_by_last_then_first_name(cast):
    anna = f.ChildFactory(first_name="Anna", last_name="Nielsen")
    bo = f.ChildFactory(first_name="Bo", last_name="Andersen")
    for child in (anna, bo):
        f.EnrolmentFactory(child=child, group=cast.group)
    assert list(child_list(user=cast.pedagogue)) == [bo, anna, cast.child]


@pytest.mark.parametrize(
    "query", ["emma", "EMMA NIELSEN", "niel", "17-05-2020", "17.5.2020", "170520-0000", "1705200000"]
)
def test_it_finds_by_name_birth_date_or_cpr(cast, query):
    _give_cpr(cast.child)
    namesake = f.ChildFactory(first_name="Emma", last_name="Olsen", birth_date=datetime.date(2019, 1, 2))
    f.EnrolmentFactory(child=namesake, group=cast.other_group)  # not in pia's scope
    assert list(child_list(user=cast.pedagogue, query=query)) == [cast.child]


@pytest.mark.parametrize("query", ["sofie", "18-05-2020", "31-02-2020", "170520-0001", "999999-9999"])
def test_it_finds_nobody_for_other_criteria(cast, query):
    _give_cpr(cast.child)
    assert list(child_list(user=cast.pedagogue, query=query)) == []


def test_a_search_never_reaches_outside_the_scope(cast):
    assert list(child_list(user=cast.outsider, query="Emma")) == []
    assert list(child_list(user=cast.other_pedagogue, query="17-05-2020")) == []


def test_a_search_is_logged_with_its_criterion(cast):
    list(child_list(user=cast.leader, query="  Emma  "))
    entry = AccessLog.objects.get()
    assert (entry.action, entry.username, entry.search_criterion, entry.purpose, entry.child_id) == (
        "search",
        "lene",
        "Emma",
        "child_list",
        None,
    )


def test_child_get_returns_the_child_and_logs_the_read(cast):
    child, relation = child_get(user=cast.pedagogue, child_id=cast.child.pk, purpose="child_page")
    assert child == cast.child
    enrolments = child.current_enrolments  # type: ignore[attr-defined]  # prefetched by the selector
    assert [(e.unit, e.group) for e in enrolments] == [(cast.unit, cast.group)]
    assert relation.via == "group"
    entry = AccessLog.objects.get()
    assert (entry.action, entry.user_id, entry.role, entry.unit_id, entry.child_id, entry.status) == (
        "read",
        cast.pedagogue.pk,
        "frontline",
        cast.unit.pk,
        cast.child.pk,
        200,
    )
    assert (entry.object_type, entry.object_id, entry.purpose) == ("children.child", cast.child.pk, "child_page")


@pytest.mark.parametrize("who", ["other_pedagogue", "case_worker", "outsider", "administrator", "other_parent"])
def test_child_get_gives_the_same_404_for_forbidden_and_missing(cast, who):
    user = getattr(cast, who)
    missing_id = max(Child.objects.values_list("pk", flat=True)) + 100
    for child_id in (cast.child.pk, missing_id):
        with pytest.raises(Http404) as exc:
            child_get(user=user, child_id=child_id, purpose="child_page")
        assert exc.value.args == ()
    rows = list(AccessLog.objects.order_by("id").values_list("action", "child_id", "status", "role", "object_type"))
    assert rows == [("denied", cast.child.pk, 404, "", ""), ("denied", missing_id, 404, "", "")]


def test_child_get_refuses_an_action_the_relation_does_not_allow_and_logs_it_as_denied(cast):
    with pytest.raises(PermissionDenied):
        child_get(user=cast.pedagogue, child_id=cast.child.pk, purpose="access_report", rule="view_access_report")
    with pytest.raises(Http404):
        child_get(user=cast.parent, child_id=cast.child.pk, purpose="api", rule="view_child_details", denied_status=404)
    rows = list(AccessLog.objects.order_by("id").values_list("action", "username", "role", "status", "purpose"))
    assert rows == [
        ("denied", "pia", "frontline", 403, "access_report"),
        ("denied", "mette", "guardian", 404, "api"),
    ]


def test_child_get_lets_a_leader_open_the_access_report(cast):
    child, relation = child_get(
        user=cast.leader, child_id=cast.child.pk, purpose="access_report", rule="view_access_report"
    )
    assert (child, relation.via) == (cast.child, "unit")
    assert AccessLog.objects.get().action == Action.READ


def test_guardians_are_listed_custody_first(cast):
    rows = [(g.guardian.first_name, g.has_custody) for g in child_guardianships(cast.child)]
    assert rows == [("Mette", True), ("Lars", False)]


def test_the_enrolment_history_is_newest_first(cast):
    current = cast.child.enrolments.get()
    current.start = datetime.date(2024, 8, 1)
    current.save()
    old = f.EnrolmentFactory(
        child=cast.child, group=f.GroupFactory(), start=datetime.date(2021, 8, 1), end=datetime.date(2024, 7, 31)
    )
    assert list(child_enrolment_history(cast.child)) == [current, old]


def test_the_people_with_access_are_exactly_those_the_policy_lets_in(cast):
    f.GrantFactory(child=cast.child, user=cast.case_worker, reason="Netværksmøde")
    f.MembershipFactory(
        group=cast.group, user__username="tidligere", end=timezone.localdate() - datetime.timedelta(days=1)
    )
    f.MembershipFactory(group=cast.group, user__username="inaktiv", user__is_active=False)
    people = child_people_with_access(cast.child)
    rows = [(p.user.username, p.via, p.place) for p in people]
    # Staff through the child's group and unit first (by name), grants last.
    assert sorted(rows[:2]) == [("lene", "leader", "Solsikken"), ("pia", "frontline", "Rød stue (Solsikken)")]
    assert rows[2:] == [("carl", "grant", "Netværksmøde")]
    assert people[-1].until is not None


def test_the_list_costs_the_same_queries_for_one_and_twenty_children(cast):
    def count() -> int:
        user = type(cast.leader).objects.get(pk=cast.leader.pk)
        with CaptureQueriesContext(connection) as queries:
            for child in child_list(user=user):
                list(child.current_enrolments)  # type: ignore[attr-defined]
        return len(queries)

    one = count()
    for _ in range(19):
        f.EnrolmentFactory(group=cast.other_group)
    assert count() == one
