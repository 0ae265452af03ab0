from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from trivsel.audit.models import AccessLog, Action, FieldChange


def _require_postgresql() -> None:
    # Evaluated inside the test: the connection's vendor is only known once the test database is set up.
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")


@pytest.fixture
def entry(db) -> AccessLog:
    log = AccessLog.objects.create(at=timezone.now(), username="pia", action=Action.CREATE, child_id=1, status=200)
    FieldChange.objects.create(
        log=log, child_id=1, object_type="consent.consent", object_id=3, field="purpose", new_value="discussion"
    )
    return log


@pytest.mark.parametrize("table", ["audit_accesslog", "audit_fieldchange"])
def test_it_refuses_an_sql_update(entry, table):
    _require_postgresql()
    with (
        pytest.raises(DatabaseError, match=r"UPDATE on .* is not allowed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET child_id = 2")
    assert AccessLog.objects.get().child_id == 1
    assert FieldChange.objects.get().child_id == 1


@pytest.mark.parametrize("table", ["audit_accesslog", "audit_fieldchange"])
def test_it_refuses_an_sql_delete(entry, table):
    _require_postgresql()
    with (
        pytest.raises(DatabaseError, match=r"DELETE on .* is not allowed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table}")
    assert AccessLog.objects.count() == 1
    assert FieldChange.objects.count() == 1


def test_it_refuses_orm_updates_and_deletes(entry):
    _require_postgresql()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(purpose="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        FieldChange.objects.update(new_value="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()  # a full save of an existing row is an UPDATE
    with pytest.raises(DatabaseError), transaction.atomic():
        FieldChange.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().purpose == ""
    assert FieldChange.objects.get().new_value == "discussion"


def test_it_still_accepts_new_rows(entry):
    AccessLog.objects.create(at=timezone.now(), username="lene", action=Action.READ, child_id=1, status=200)
    assert AccessLog.objects.count() == 2


def test_it_describes_an_entry_by_time_user_action_and_object(db):
    at = datetime.datetime(2026, 3, 9, 14, 5, tzinfo=datetime.UTC)
    log = AccessLog(at=at, username="pia", action=Action.READ, object_type="children.child", object_id=4)
    assert str(log) == "2026-03-09 14:05 pia read children.child#4"
