from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from trivsel.audit.context import AuditContextMiddleware
from trivsel.audit.models import AccessLog, Action, FieldChange
from trivsel.audit.services import diff, log_access, log_change
from trivsel.children.access import Relation
from trivsel.testing import factories as f


def test_it_logs_a_read_with_the_relation(cast):
    relation = Relation(via="group", role="frontline", unit_id=cast.unit.pk)
    entry = log_access(
        actor=cast.pedagogue, action=Action.READ, child_id=cast.child.pk, obj=cast.child, relation=relation
    )
    entry.refresh_from_db()
    assert (entry.user_id, entry.username, entry.role, entry.unit_id) == (
        cast.pedagogue.pk,
        "pia",
        "frontline",
        cast.unit.pk,
    )
    assert (entry.child_id, entry.action, entry.object_type, entry.object_id) == (
        cast.child.pk,
        "read",
        "children.child",
        cast.child.pk,
    )
    assert (entry.purpose, entry.search_criterion, entry.changed_fields, entry.status, entry.path) == (
        "",
        "",
        [],
        200,
        "",
    )
    assert entry.at.tzinfo is not None


def test_it_takes_the_purpose_from_a_grant_when_none_is_given(cast):
    relation = Relation(via="grant", reason="Netværksmøde 12. marts")
    entry = log_access(actor=cast.case_worker, action=Action.READ, child_id=cast.child.pk, relation=relation)
    assert entry.purpose == "Netværksmøde 12. marts"
    explicit = log_access(
        actor=cast.case_worker, action=Action.READ, child_id=cast.child.pk, relation=relation, purpose="child_page"
    )
    assert explicit.purpose == "child_page"


def test_it_logs_an_anonymous_attempt_without_a_user(db):
    entry = log_access(actor=AnonymousUser(), action=Action.DENIED, child_id=99, status=404)
    assert (entry.user_id, entry.username, entry.role, entry.unit_id, entry.status) == (None, "", "", None, 404)


def test_it_cuts_long_criteria_and_sorts_changed_fields(cast):
    entry = log_access(
        actor=cast.leader,
        action=Action.SEARCH,
        search_criterion="x" * 250,
        changed_fields=["valid_until", "purpose"],
    )
    assert entry.search_criterion == "x" * 200
    assert entry.changed_fields == ["purpose", "valid_until"]


def test_it_records_the_request_path_through_the_middleware(cast):
    seen: list[AccessLog] = []

    def view(request):
        seen.append(log_access(actor=cast.leader, action=Action.READ, child_id=cast.child.pk))
        return HttpResponse()

    request = RequestFactory().get(f"/boern/{cast.child.pk}/?side=2")
    AuditContextMiddleware(view)(request)
    assert seen[0].path == f"/boern/{cast.child.pk}/?side=2"
    # Outside a request, the path is empty again.
    assert log_access(actor=cast.leader, action=Action.READ).path == ""


def test_it_logs_a_change_with_one_field_change_row_per_field(cast):
    consent = f.ConsentFactory(child=cast.child, guardian=cast.mother, recorded_by=cast.pedagogue)
    entry = log_change(
        actor=cast.pedagogue,
        action=Action.CHANGE,
        obj=consent,
        child_id=cast.child.pk,
        changes={
            "valid_until": (datetime.date(2026, 12, 31), datetime.date(2026, 6, 30)),
            "guardian": (None, cast.mother),
        },
        purpose="consent",
    )
    assert entry.changed_fields == ["guardian", "valid_until"]
    assert (entry.object_type, entry.object_id, entry.purpose) == ("consent.consent", consent.pk, "consent")
    rows = list(
        FieldChange.objects.filter(log=entry)
        .order_by("field")
        .values_list("child_id", "object_type", "object_id", "field", "old_value", "new_value")
    )
    assert rows == [
        (cast.child.pk, "consent.consent", consent.pk, "guardian", "", str(cast.mother.pk)),
        (cast.child.pk, "consent.consent", consent.pk, "valid_until", "2026-12-31", "2026-06-30"),
    ]


def test_diff_returns_only_the_fields_that_change(cast):
    child = cast.child
    changes = diff(child, {"first_name": "Emma", "last_name": "Hansen", "birth_date": datetime.date(2020, 5, 18)})
    assert changes == {
        "last_name": ("Nielsen", "Hansen"),
        "birth_date": (datetime.date(2020, 5, 17), datetime.date(2020, 5, 18)),
    }
