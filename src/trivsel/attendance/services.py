"""Importing a school's attendance file: every row checked, then all of it written, or none of it.

The file is read in memory and never stored (nor is its name). A row must name a pupil of the
school by CPR number, enrolled there in the row's period; re-importing a period replaces its
numbers. Each pupil whose numbers were added or changed gets one row in the access log.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.attendance.access import can, import_relation
from trivsel.attendance.models import AttendanceRecord
from trivsel.attendance.reading import MAX_FILE_BYTES, Problem, Row, read_attendance
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children import cpr
from trivsel.children.models import Enrolment
from trivsel.organisation.models import Unit

PURPOSE = "attendance_import"
NUMBERS = ("expected_days", "sick_days", "authorised_days", "unauthorised_days")


@dataclass(frozen=True)
class ImportResult:
    """What an import did, or why it did nothing: ``errors`` lists every problem in the file."""

    filename: str
    rows: int = 0  # rows read from the file (empty rows not counted)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    children: int = 0
    errors: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors


def _read(file: bytes | File[bytes]) -> bytes:
    if isinstance(file, bytes):
        return file
    file.seek(0)
    return file.read(MAX_FILE_BYTES + 1)  # one byte more than allowed, so that the limit is noticed


@transaction.atomic
def attendance_import(*, actor: User, unit: Unit, file: bytes | File[bytes], filename: str) -> ImportResult:
    """Import the school system's export for ``unit``: all rows, or none when any row is wrong."""
    if not can(actor, "import_attendance", unit):
        raise PermissionDenied
    relation = import_relation(actor, unit)
    assert relation is not None  # the rule is exactly "has an import relation"
    rows, problems = read_attendance(_read(file), filename)
    # One import per school at a time: the checks below and the writes see the same records.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    children, child_problems = _match_children(unit, rows)
    existing = _existing(unit, rows, children)
    problems += child_problems + _overlapping_imports(rows, children, existing)
    if problems:
        errors = tuple(message for _row, message in sorted(problems, key=lambda problem: problem[0]))
        return ImportResult(filename=filename, rows=_counted(rows, problems), errors=errors)

    now = timezone.now()
    created: list[AttendanceRecord] = []
    updated: list[AttendanceRecord] = []
    changed_fields: dict[int, set[str]] = defaultdict(set)
    had_records: set[int] = set()
    for row in rows:
        child_id = children[row.number]
        record = existing.get((child_id, row.start, row.end))
        values = {name: getattr(row, name) for name in NUMBERS}
        if record is None:
            record = AttendanceRecord(
                child_id=child_id, unit=unit, period_start=row.start, period_end=row.end, **values
            )
            changed_fields[child_id] |= {"period_start", "period_end", *NUMBERS}
            created.append(record)
        else:
            changes = {name for name, value in values.items() if getattr(record, name) != value}
            if not changes:
                continue
            for name in changes:
                setattr(record, name, values[name])
            changed_fields[child_id] |= changes
            had_records.add(child_id)
            updated.append(record)
        record.imported_at, record.imported_by = now, actor
    AttendanceRecord.objects.bulk_create(created, batch_size=500)
    AttendanceRecord.objects.bulk_update(updated, [*NUMBERS, "imported_at", "imported_by"], batch_size=500)
    for child_id, fields in sorted(changed_fields.items()):
        log_access(
            actor=actor,
            action=Action.CHANGE if child_id in had_records else Action.CREATE,
            child_id=child_id,
            relation=relation,
            purpose=PURPOSE,
            changed_fields=fields,
        )
    return ImportResult(
        filename=filename,
        rows=len(rows),
        created=len(created),
        updated=len(updated),
        unchanged=len(rows) - len(created) - len(updated),
        children=len(set(children.values())),
    )


def _counted(rows: list[Row], problems: list[Problem]) -> int:
    return len({row.number for row in rows} | {number for number, _message in problems if number})


def _match_children(unit: Unit, rows: list[Row]) -> tuple[dict[int, int], list[Problem]]:
    """{row number: child id} for rows naming a pupil enrolled in the unit during the row's period.

    An unknown CPR number and a child who never attended the school get the same message, so that
    the import does not tell whether a CPR number belongs to a child elsewhere in the municipality.
    """
    digests = {row.number: cpr.digest(row.cpr) for row in rows}
    enrolments: dict[str, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(list)
    found = Enrolment.objects.filter(unit=unit, child__cpr_digest__in=set(digests.values())).values_list(
        "child__cpr_digest", "child_id", "start", "end"
    )
    for digest, child_id, start, end in found:
        enrolments[digest].append((child_id, start, end))
    matched: dict[int, int] = {}
    errors: list[Problem] = []
    for row in rows:
        periods = enrolments.get(digests[row.number], [])
        during = [child for child, start, end in periods if start <= row.end and (end is None or end >= row.start)]
        if during:
            matched[row.number] = during[0]
        elif periods:
            message = _("Row %(row)d: the pupil was not enrolled at the school between %(start)s and %(end)s.")
            errors.append((row.number, message % {"row": row.number, "start": _day(row.start), "end": _day(row.end)}))
        else:
            message = _("Row %(row)d: the CPR number is not among the school's pupils.")
            errors.append((row.number, message % {"row": row.number}))
    return matched, errors


def _existing(
    unit: Unit, rows: Iterable[Row], children: dict[int, int]
) -> dict[tuple[int, datetime.date, datetime.date], AttendanceRecord]:
    """The school's records of the file's pupils that overlap the file's dates, by (child, start, end)."""
    periods = [(row.start, row.end) for row in rows]
    if not children or not periods:
        return {}
    records = AttendanceRecord.objects.filter(
        unit=unit,
        child_id__in=set(children.values()),
        period_start__lte=max(end for _start, end in periods),
        period_end__gte=min(start for start, _end in periods),
    )
    return {(r.child_id, r.period_start, r.period_end): r for r in records}


def _overlapping_imports(
    rows: list[Row],
    children: dict[int, int],
    existing: dict[tuple[int, datetime.date, datetime.date], AttendanceRecord],
) -> list[Problem]:
    """A period that overlaps one imported earlier, without being the same, would count days twice."""
    by_child: dict[int, list[AttendanceRecord]] = defaultdict(list)
    for record in existing.values():
        by_child[record.child_id].append(record)
    errors: list[Problem] = []
    for row in rows:
        child_id = children.get(row.number)
        for record in by_child.get(child_id, []) if child_id is not None else []:
            same = (record.period_start, record.period_end) == (row.start, row.end)
            if not same and record.period_start <= row.end and row.start <= record.period_end:
                message = _(
                    "Row %(row)d: the period overlaps the period %(start)s–%(end)s already imported for the pupil."
                )
                start, end = _day(record.period_start), _day(record.period_end)
                errors.append((row.number, message % {"row": row.number, "start": start, "end": end}))
                break
    return errors


def _day(value: datetime.date) -> str:
    return value.strftime("%d-%m-%Y")
