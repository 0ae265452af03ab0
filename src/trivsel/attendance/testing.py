"""Test data for attendance: a school with pupils found by CPR number, and export files as the schools make them."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from trivsel.attendance.models import AttendanceRecord
from trivsel.children import cpr
from trivsel.children.models import Child
from trivsel.organisation.models import Group, Role, UnitKind
from trivsel.testing import factories as f

# Synthetic CPR numbers of children born in March 2015: no real person.
ALMA, BO, CARL = "0103154001", "0203154002", "0303154003"
HEADER = ["cpr", "fra", "til", "skoledage", "sygefravær", "lovligt fravær", "ulovligt fravær"]


def make_school(district: Any = None, name: str = "Skovskolen", leader: Any = None) -> Group:
    """A school with class 7.a and a leader (a new one unless given); returns the class."""
    unit = f.UnitFactory(name=name, kind=UnitKind.SCHOOL, **({"district": district} if district else {}))
    f.MembershipFactory(role=Role.LEADER, group=None, unit=unit, **({"user": leader} if leader else {}))
    return f.GroupFactory(unit=unit, name="7.a")


def make_pupil(group: Group, number: str, first_name: str, **enrolment: Any) -> Child:
    child = f.ChildFactory(first_name=first_name, last_name="Holm", birth_date=cpr.birth_date_of(number))
    child.cpr_encrypted, child.cpr_digest = cpr.encrypt(number), cpr.digest(number)
    child.save(update_fields=["cpr_encrypted", "cpr_digest"])
    f.EnrolmentFactory(child=child, group=group, **enrolment)
    return child


def csv_file(rows: Sequence[Sequence[object]], *, delimiter: str = ";", header: Sequence[str] = HEADER) -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(str(cell) for cell in row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def xlsx_file(rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER, above: int = 0) -> bytes:
    """A workbook as a school system writes it; ``above`` title rows before the column names."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for n in range(above):
        sheet.append([f"Fravær, udtræk {n + 1}"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_record(child: Child, unit: Any, start: datetime.date, end: datetime.date, **numbers: Any) -> AttendanceRecord:
    values: dict[str, Any] = {
        "expected_days": 20,
        "sick_days": Decimal(0),
        "authorised_days": Decimal(0),
        "unauthorised_days": Decimal(0),
    }
    values.update(numbers)
    return AttendanceRecord.objects.create(
        child=child,
        unit=unit,
        period_start=start,
        period_end=end,
        imported_at=datetime.datetime(2026, 10, 1, 12, tzinfo=datetime.UTC),
        **values,
    )
