from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from trivsel.attendance.models import AttendanceRecord
from trivsel.attendance.testing import ALMA, BO, csv_file
from trivsel.audit.models import AccessLog

SEPTEMBER = ("01-09-2026", "30-09-2026")


def _run(*args):
    out = StringIO()
    call_command("import_attendance", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_it_imports_a_file_as_the_user(school, tmp_path):
    path = tmp_path / "fravaer.csv"
    path.write_bytes(csv_file([[ALMA, *SEPTEMBER, 21, "1,5", 0, 0], [BO, *SEPTEMBER, 21, 0, 0, 0]]))
    output = _run(school.unit.pk, path, "--user", "sofie")
    assert output == "Imported 2 rows for 2 pupils of Skovskolen: 2 new, 0 changed, 0 unchanged.\n"
    assert AttendanceRecord.objects.get(child=school.alma).sick_days == Decimal("1.5")
    assert set(AccessLog.objects.values_list("username", "path")) == {("sofie", "")}


def test_a_file_with_errors_imports_nothing_and_lists_them(school, tmp_path):
    path = tmp_path / "fravaer.csv"
    path.write_bytes(csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0], [BO, *SEPTEMBER, 10, 12, 0, 0]]))
    with pytest.raises(CommandError) as exc:
        _run(school.unit.pk, path, "--user", "sofie")
    assert str(exc.value) == (
        "Nothing was imported from fravaer.csv:\nRow 3: absence (12) is more than the school days (10)."
    )
    assert AttendanceRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{unit}", "{path}", "--user", "nobody"], "No active user named 'nobody'."),
        (["999999", "{path}", "--user", "sofie"], "No unit with id 999999."),
        (["{unit}", "{path}", "--user", "tom"], "tom may not import attendance for Skovskolen."),
        (["{unit}", "{missing}", "--user", "sofie"], "{missing}: No such file or directory"),
    ],
)
def test_it_says_what_is_wrong(school, tmp_path, args, message):
    path = tmp_path / "fravaer.csv"
    path.write_bytes(csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]]))
    values = {"unit": school.unit.pk, "path": path, "missing": tmp_path / "mangler.csv"}
    with pytest.raises(CommandError) as exc:
        _run(*[a.format(**values) for a in args])
    assert str(exc.value) == message.format(**values)
    assert AttendanceRecord.objects.count() == 0
