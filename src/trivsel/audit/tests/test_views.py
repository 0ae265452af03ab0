from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from trivsel.audit.models import AccessLog, Action, FieldChange

T0 = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def history(cast):
    """Two earlier entries about Emma and one about another child."""
    AccessLog.objects.create(
        at=T0, user_id=cast.pedagogue.pk, username="pia", role="frontline", unit_id=cast.unit.pk,
        child_id=cast.child.pk, action=Action.READ, purpose="child_page", status=200,
    )  # fmt: skip
    change = AccessLog.objects.create(
        at=T0 + datetime.timedelta(minutes=30), username="pia", role="frontline", child_id=cast.child.pk,
        action=Action.CREATE, object_type="consent.consent", object_id=5, purpose="consent",
        changed_fields=["purpose", "valid_until"], status=200,
    )  # fmt: skip
    FieldChange.objects.create(
        log=change, child_id=cast.child.pk, object_type="consent.consent", object_id=5, field="valid_until",
        old_value="", new_value="2026-06-30",
    )  # fmt: skip
    AccessLog.objects.create(at=T0, username="fremmed", child_id=cast.child.pk + 1000, action=Action.READ, status=200)


def _get(client, user, name, cast, **params):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client.get(reverse(name, args=[cast.child.pk]), params)


def test_a_leader_sees_who_when_and_why(cast, client, history):
    response = _get(client, cast.leader, "audit:child_report", cast)
    assert response.status_code == 200
    entries = list(response.context["page"])
    # The report's own look-up is logged before the list is read, so it is on top.
    assert [(e.username, e.action, e.purpose) for e in entries] == [
        ("lene", "read", "access_report"),
        ("pia", "create", "consent"),
        ("pia", "read", "child_page"),
    ]
    assertContains(response, "Access report for Emma Nielsen")
    # Danish time: 08:00 UTC is 09:00 in Copenhagen in March.
    assertContains(response, "<td>02-03-2026 09:00:00</td><td>pia</td><td>frontline</td><td>Read</td>", html=True)
    assertContains(response, "<td>consent</td><td>purpose, valid_until</td>", html=True)
    assertNotContains(response, "fremmed")


def test_the_report_itself_is_logged(cast, client):
    _get(client, cast.leader, "audit:child_report", cast)
    entry = AccessLog.objects.get()
    assert (entry.action, entry.username, entry.role, entry.unit_id, entry.child_id, entry.purpose, entry.status) == (
        "read",
        "lene",
        "leader",
        cast.unit.pk,
        cast.child.pk,
        "access_report",
        200,
    )
    assert entry.path == f"/boern/{cast.child.pk}/adgangslog/"


def test_the_report_is_paginated(cast, client, settings, history):
    settings.PAGE_SIZE = 2
    response = _get(client, cast.leader, "audit:child_report", cast, side=2)
    assert [e.purpose for e in response.context["page"]] == ["child_page"]
    assertContains(response, "Page 2 of 2")


@pytest.mark.parametrize("who", ["pedagogue", "parent"])
def test_others_who_see_the_child_are_refused_the_report_and_it_is_logged(cast, client, history, who):
    user = getattr(cast, who)
    response = _get(client, user, "audit:child_report", cast)
    assert response.status_code == 403
    assertNotContains(response, "child_page", status_code=403)
    assert AccessLog.objects.count() == 4  # the three earlier rows and this attempt
    entry = AccessLog.objects.latest("id")
    assert (entry.action, entry.user_id, entry.status, entry.purpose) == ("denied", user.pk, 403, "access_report")


@pytest.mark.parametrize("who", ["other_pedagogue", "case_worker", "outsider", "administrator", "other_parent"])
def test_users_without_a_relation_get_404(cast, client, history, who):
    response = _get(client, getattr(cast, who), "audit:child_report", cast)
    assert response.status_code == 404
    assertNotContains(response, "Emma", status_code=404)


def test_the_change_history_shows_old_and_new_values_to_staff_with_a_relation(cast, client, history):
    response = _get(client, cast.pedagogue, "audit:child_history", cast)
    assert response.status_code == 200
    assert [(c.field, c.old_value, c.new_value) for c, _what, _field in response.context["rows"]] == [
        ("valid_until", "", "2026-06-30")
    ]
    assertContains(response, "2026-06-30")
    assert AccessLog.objects.filter(username="pia", purpose="change_history", action="read").count() == 1


@pytest.mark.parametrize(("who", "status"), [("parent", 403), ("outsider", 404), ("other_parent", 404)])
def test_the_change_history_is_refused_to_others(cast, client, history, who, status):
    response = _get(client, getattr(cast, who), "audit:child_history", cast)
    assert response.status_code == status
    assertNotContains(response, "2026-06-30", status_code=status)
