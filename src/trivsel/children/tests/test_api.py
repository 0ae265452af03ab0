"""The children API: same scope, same log and the same 404 as the pages."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trivsel.audit.models import AccessLog, Action
from trivsel.children.models import Child
from trivsel.lib.time import age_on, today
from trivsel.testing import factories as f

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_it_lists_exactly_the_children_in_the_pedagogues_relation(cast):
    f.EnrolmentFactory(group=cast.other_group)  # same unit, another group: not pia's
    f.EnrolmentFactory()  # another unit altogether

    response = client_for(cast.pedagogue).get("/api/v1/children")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": cast.child.pk,
            "first_name": "Emma",
            "last_name": "Nielsen",
            "birth_date": "2020-05-17",
            "age": age_on(datetime.date(2020, 5, 17), today()),
            "current_enrolments": [
                {
                    "unit": {"id": cast.unit.pk, "name": "Solsikken"},
                    "group": {"id": cast.group.pk, "name": "Rød stue"},
                    "track": "daycare",
                    "start": "2023-08-01",
                }
            ],
        }
    ]


def test_it_lists_the_whole_unit_for_its_leader(cast):
    other = f.EnrolmentFactory(group=cast.other_group, child__first_name="Anton", child__last_name="Andersen").child

    body = client_for(cast.leader).get("/api/v1/children").json()

    assert [item["id"] for item in body["items"]] == [other.pk, cast.child.pk]  # by last name


def test_it_lists_nothing_for_an_outsider(cast):
    response = client_for(cast.outsider).get("/api/v1/children")

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_it_pages_the_list(cast):
    for n in range(3):
        f.EnrolmentFactory(group=cast.group, child__last_name=f"Ørsted{n}")

    body = client_for(cast.pedagogue).get("/api/v1/children", {"page": 2, "page_size": 2}).json()

    assert body["count"] == 4
    assert [item["last_name"] for item in body["items"]] == ["Ørsted1", "Ørsted2"]


def test_it_searches_within_the_scope_and_logs_the_criterion(cast):
    f.EnrolmentFactory(group=cast.group, child__first_name="Emil", child__last_name="Hansen")
    f.ChildFactory(first_name="Emma", last_name="Nielsen")  # same name, no relation: never found

    response = client_for(cast.pedagogue).get("/api/v1/children", {"q": "emma"})

    assert [item["id"] for item in response.json()["items"]] == [cast.child.pk]
    row = AccessLog.objects.get(action=Action.SEARCH)
    assert (row.user_id, row.search_criterion, row.child_id, row.purpose) == (
        cast.pedagogue.pk,
        "emma",
        None,
        "child_list",
    )
    assert row.path == "/api/v1/children?q=emma"


def test_it_does_not_log_a_search_without_a_criterion(cast):
    client_for(cast.pedagogue).get("/api/v1/children")

    assert not AccessLog.objects.filter(action=Action.SEARCH).exists()


def test_it_refuses_a_search_longer_than_the_pages_allow(cast):
    response = client_for(cast.pedagogue).get("/api/v1/children", {"q": "x" * 101})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["q"]
    assert not AccessLog.objects.exists()


def test_it_lists_a_parents_own_custody_children_only(cast):
    body = client_for(cast.parent).get("/api/v1/children").json()
    father = cast.father_without_custody.user

    assert [item["id"] for item in body["items"]] == [cast.child.pk]
    assert client_for(father).get("/api/v1/children").json()["count"] == 0


def test_a_list_costs_the_same_queries_for_1_and_20_children(cast):
    client = client_for(cast.pedagogue)
    client.get("/api/v1/children")  # the first request of a session also stamps the session (timeouts)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/v1/children").status_code == 200
        return len(context)

    one = queries()
    for _ in range(19):
        f.EnrolmentFactory(group=cast.group)
    assert Child.objects.count() == 21  # 20 in the group, the other parent's child outside it

    assert queries() == one


def test_it_shows_a_child_and_logs_the_read(cast):
    response = client_for(cast.pedagogue).get(f"/api/v1/children/{cast.child.pk}")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["first_name"], body["relation"], body["has_cpr"]) == (
        cast.child.pk,
        "Emma",
        "group",
        False,
    )
    assert body["current_enrolments"][0]["group"] == {"id": cast.group.pk, "name": "Rød stue"}
    row = AccessLog.objects.get()
    assert (row.action, row.user_id, row.child_id, row.purpose, row.role, row.unit_id, row.status) == (
        Action.READ,
        cast.pedagogue.pk,
        cast.child.pk,
        "api",
        "frontline",
        cast.unit.pk,
        200,
    )
    # Never the CPR number itself, only whether there is one.
    assert set(body) == {
        "id",
        "first_name",
        "last_name",
        "birth_date",
        "age",
        "current_enrolments",
        "relation",
        "has_cpr",
    }


def test_it_shows_a_child_to_a_parent_with_custody(cast):
    body = client_for(cast.parent).get(f"/api/v1/children/{cast.child.pk}").json()

    assert (body["id"], body["relation"]) == (cast.child.pk, "custody")


def test_it_shows_a_child_through_a_current_grant(cast):
    f.GrantFactory(child=cast.child, user=cast.case_worker, reason="Underretning")

    body = client_for(cast.case_worker).get(f"/api/v1/children/{cast.child.pk}").json()

    assert body["relation"] == "grant"


def test_it_gives_an_outsider_404_and_logs_it_denied(cast):
    response = client_for(cast.outsider).get(f"/api/v1/children/{cast.child.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    row = AccessLog.objects.get()
    assert (row.action, row.user_id, row.child_id, row.status, row.purpose) == (
        Action.DENIED,
        cast.outsider.pk,
        cast.child.pk,
        404,
        "api",
    )


def test_it_answers_a_missing_child_exactly_as_a_forbidden_one(cast, settings):
    settings.DEBUG = True  # ninja adds the exception text to 404s under DEBUG; ours must not differ
    client = client_for(cast.outsider)
    missing_id = max(Child.objects.values_list("pk", flat=True)) + 1000

    forbidden = client.get(f"/api/v1/children/{cast.child.pk}")
    missing = client.get(f"/api/v1/children/{missing_id}")

    assert (forbidden.status_code, forbidden.content) == (missing.status_code, missing.content)
    assert forbidden["Content-Type"] == missing["Content-Type"]
    assert AccessLog.objects.filter(action=Action.DENIED, child_id=missing_id, status=404).count() == 1


def test_it_lists_guardians_with_custody_and_contact(cast):
    cast.mother.email = "mette@example.org"
    cast.mother.phone = "12345678"
    cast.mother.save()

    response = client_for(cast.pedagogue).get(f"/api/v1/children/{cast.child.pk}/guardians")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": cast.mother.pk,
            "first_name": "Mette",
            "last_name": "Nielsen",
            "relation": "mother",
            "has_custody": True,
            "email": "mette@example.org",
            "phone": "12345678",
        },
        {
            "id": cast.father_without_custody.pk,
            "first_name": "Lars",
            "last_name": "Nielsen",
            "relation": "father",
            "has_custody": False,
            "email": "",
            "phone": "",
        },
    ]


def test_it_keeps_the_other_adults_contact_details_from_a_parent(cast):
    response = client_for(cast.parent).get(f"/api/v1/children/{cast.child.pk}/guardians")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    row = AccessLog.objects.get()
    assert (row.action, row.user_id, row.child_id, row.status, row.role) == (
        Action.DENIED,
        cast.parent.pk,
        cast.child.pk,
        404,
        "guardian",
    )


def test_it_lists_the_enrolment_history_newest_first(cast):
    kindergarten = cast.child.enrolments.get()
    kindergarten.end = datetime.date(2099, 12, 31)
    kindergarten.save()
    nursery_group = f.GroupFactory(name="Myretuen")
    old = f.EnrolmentFactory(
        child=cast.child, group=nursery_group, start=datetime.date(2021, 1, 1), end=datetime.date(2023, 7, 31)
    )

    body = client_for(cast.pedagogue).get(f"/api/v1/children/{cast.child.pk}/enrolments").json()

    assert body == [
        {
            "id": kindergarten.pk,
            "unit": {"id": cast.unit.pk, "name": "Solsikken"},
            "group": {"id": cast.group.pk, "name": "Rød stue"},
            "track": "daycare",
            "start": "2023-08-01",
            "end": "2099-12-31",
            "is_current": True,
        },
        {
            "id": old.pk,
            "unit": {"id": nursery_group.unit.pk, "name": nursery_group.unit.name},
            "group": {"id": nursery_group.pk, "name": "Myretuen"},
            "track": "daycare",
            "start": "2021-01-01",
            "end": "2023-07-31",
            "is_current": False,
        },
    ]


@pytest.mark.parametrize("suffix", ["", "/guardians", "/enrolments", "/consents"])
def test_it_refuses_every_child_endpoint_for_a_child_outside_the_relation(cast, suffix):
    """IDOR: the other pedagogue, the case worker without a grant, the father without custody."""
    expired = f.GrantFactory(
        child=cast.child,
        user=cast.case_worker,
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert expired.pk
    for user in (cast.other_pedagogue, cast.case_worker, cast.outsider, cast.father_without_custody.user):
        response = client_for(user).get(f"/api/v1/children/{cast.child.pk}{suffix}")

        assert response.status_code == 404, user
        assert response.json() == {"detail": "Not Found"}
    assert AccessLog.objects.filter(action=Action.DENIED, child_id=cast.child.pk).count() == 4
    assert not AccessLog.objects.exclude(action=Action.DENIED).exists()


@pytest.mark.parametrize("path", ["/api/v1/children", "/api/v1/children/1", "/api/v1/children/1/consents"])
def test_it_answers_anonymous_requests_with_401(db, path):
    response = Client().get(path)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
