from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from trivsel.audit.models import AccessLog, Action, FieldChange

NOW = datetime.datetime(2026, 6, 1, 12, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def _row(at: datetime.datetime, *, changes: int = 0) -> AccessLog:
    entry = AccessLog.objects.create(at=at, username="pia", action=Action.CHANGE, child_id=7, status=200)
    FieldChange.objects.bulk_create(
        FieldChange(log=entry, child_id=7, object_type="children.child", object_id=7, field=f"f{i}")
        for i in range(changes)
    )
    return entry


def _purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_access_log", *args, stdout=out)
    return out.getvalue()


def test_it_keeps_a_row_exactly_at_the_cutoff_and_deletes_one_second_older(db, frozen_now, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    cutoff = NOW - datetime.timedelta(days=30)
    at_cutoff = _row(cutoff, changes=1)
    older = _row(cutoff - datetime.timedelta(seconds=1), changes=2)
    recent = _row(NOW)

    output = _purge()

    assert output == "Deleted 1 access-log rows and 2 field changes older than 2026-05-02 12:00:00 UTC.\n"
    assert set(AccessLog.objects.values_list("id", flat=True)) == {at_cutoff.pk, recent.pk}
    assert list(FieldChange.objects.values_list("log_id", flat=True)) == [at_cutoff.pk]
    assert not AccessLog.objects.filter(pk=older.pk).exists()


def test_it_takes_the_period_from_days(db, frozen_now, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 3650
    _row(NOW - datetime.timedelta(days=7, seconds=1))
    kept = _row(NOW - datetime.timedelta(days=7))

    output = _purge("--days", "7")

    assert output.startswith("Deleted 1 access-log rows and 0 field changes")
    assert list(AccessLog.objects.values_list("id", flat=True)) == [kept.pk]


def test_it_writes_nothing_else(db, frozen_now):
    _row(NOW - datetime.timedelta(days=4000), changes=1)
    _purge()
    assert AccessLog.objects.count() == 0
    assert FieldChange.objects.count() == 0


def test_it_refuses_zero_days(db, frozen_now):
    _row(NOW)
    with pytest.raises(CommandError, match="at least 1"):
        _purge("--days", "0")
    assert AccessLog.objects.count() == 1


def test_a_delete_outside_the_purge_is_still_refused_afterwards(db, frozen_now):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    kept = _row(NOW)
    _row(NOW - datetime.timedelta(days=4000))
    _purge("--days", "1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=kept.pk).delete()
    assert AccessLog.objects.filter(pk=kept.pk).exists()
