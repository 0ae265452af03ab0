from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from trivsel.attendance import reading
from trivsel.attendance.models import AttendanceRecord
from trivsel.attendance.services import attendance_import
from trivsel.attendance.testing import ALMA, BO, CARL, HEADER, csv_file, make_pupil, make_record, make_school, xlsx_file
from trivsel.audit.models import AccessLog
from trivsel.organisation.models import Role, UnitKind
from trivsel.testing import factories as f

SEPTEMBER = ("01-09-2026", "30-09-2026")
NUMBERS = ("expected_days", "sick_days", "authorised_days", "unauthorised_days")
FIELDS = ["authorised_days", "expected_days", "period_end", "period_start", "sick_days", "unauthorised_days"]


def _records():
    return sorted(
        (r.child.first_name, r.period_start, r.period_end, *(getattr(r, n) for n in NUMBERS))
        for r in AttendanceRecord.objects.select_related("child")
    )


def _import(school, data, filename="fravaer.csv", actor=None):
    return attendance_import(actor=actor or school.leader, unit=school.unit, file=data, filename=filename)


def _errors(school, rows, **kwargs):
    before = _records()
    result = _import(school, csv_file(rows, **kwargs))
    assert _records() == before
    return list(result.errors)


def test_it_imports_a_danish_csv_with_semicolons_and_decimal_commas(school):
    data = csv_file(
        [
            ["010315-4001", *SEPTEMBER, "21", "2,5", "1", "0,5"],
            [BO, *SEPTEMBER, "21", "0", "", ""],
            [ALMA, "01-10-2026", "31-10-2026", "18", "0", "0", "3"],
        ]
    )
    result = _import(school, data)
    assert (result.ok, result.rows, result.created, result.updated, result.unchanged, result.children) == (
        True, 3, 3, 0, 0, 2,
    )  # fmt: skip
    assert result.filename == "fravaer.csv"
    sept, octo = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)
    assert _records() == [
        ("Alma", sept, datetime.date(2026, 9, 30), 21, Decimal("2.5"), Decimal("1.0"), Decimal("0.5")),
        ("Alma", octo, datetime.date(2026, 10, 31), 18, Decimal("0.0"), Decimal("0.0"), Decimal("3.0")),
        ("Bo", sept, datetime.date(2026, 9, 30), 21, Decimal("0.0"), Decimal("0.0"), Decimal("0.0")),
    ]
    record = AttendanceRecord.objects.get(child=school.alma, period_start=sept)
    assert (record.unit, record.imported_by, record.absent_days) == (school.unit, school.leader, Decimal("4.0"))


def test_it_logs_one_row_per_child_with_the_leaders_relation(school):
    october = ("01-10-2026", "31-10-2026")
    data = csv_file([[ALMA, *SEPTEMBER, 21, 1, 0, 0], [ALMA, *october, 18, 0, 0, 0], [BO, *SEPTEMBER, 21, 0, 0, 0]])
    _import(school, data)
    rows = [
        (r.action, r.child_id, r.user_id, r.role, r.unit_id, r.purpose, r.changed_fields, r.object_type)
        for r in AccessLog.objects.order_by("child_id")
    ]
    assert rows == [
        ("create", school.alma.pk, school.leader.pk, "leader", school.unit.pk, "attendance_import", FIELDS, ""),
        ("create", school.bo.pk, school.leader.pk, "leader", school.unit.pk, "attendance_import", FIELDS, ""),
    ]


def test_it_reads_utf8_with_a_bom_commas_and_decimal_points(school):
    header = ["CPR", "Fra", "Til", "Skoledage", "Sygefravær", "Lovligt fravær", "Ulovligt  fravær"]
    rows = [[ALMA, "2026-09-01", "2026-09-30", 21, "1.5", "0", "2"]]
    data = b"\xef\xbb\xbf" + csv_file(rows, delimiter=",", header=header)
    result = _import(school, data)
    assert result.ok, result.errors
    sept, end = datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)
    assert _records() == [("Alma", sept, end, 21, Decimal("1.5"), Decimal("0.0"), Decimal("2.0"))]


def test_it_reads_what_danish_excel_saves_as_csv(school):
    # Windows-1252, semicolons, a column with the pupil's name (ignored), and a blank line at the end.
    text = (
        "Navn;cpr;fra;til;skoledage;sygefravær;lovligt fravær;ulovligt fravær\r\n"
        "Alma Holm;010315-4001;1.9.2026;30.9.2026;21;0,5;0;0\r\n"
        ";;;;;;;\r\n"
    )
    result = _import(school, text.encode("cp1252"), filename="FRAVÆR.CSV")
    assert (result.ok, result.rows) == (True, 1), result.errors
    assert AttendanceRecord.objects.get().sick_days == Decimal("0.5")


def test_it_reads_an_xlsx_workbook_with_real_dates_and_numbers(school):
    rows = [
        # The CPR number as a number (a spreadsheet drops its leading 0), dates as dates, days as numbers.
        [int(ALMA), datetime.datetime(2026, 9, 1), datetime.datetime(2026, 9, 30), 21, 2.5, 0, None],
        # A date the sheet did not format (its day number), a text date, and absence from a formula.
        [BO, 46266, "30-09-2026", 21.0, 0.1 + 0.2, 1, 0],
    ]
    result = _import(school, xlsx_file(rows, above=2), filename="fravaer.xlsx")
    assert (result.ok, result.rows) == (True, 2), result.errors
    sept, end = datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)
    assert _records() == [
        ("Alma", sept, end, 21, Decimal("2.5"), Decimal("0.0"), Decimal("0.0")),
        ("Bo", sept, end, 21, Decimal("0.3"), Decimal("1.0"), Decimal("0.0")),
    ]


def test_it_accepts_an_uploaded_file(school):
    upload = SimpleUploadedFile("fravaer.csv", csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]]))
    upload.read()  # wherever the file's position is, the whole file is read
    assert attendance_import(actor=school.leader, unit=school.unit, file=upload, filename="fravaer.csv").ok


def test_importing_a_period_again_replaces_its_numbers(school):
    _import(school, csv_file([[ALMA, *SEPTEMBER, 21, 1, 0, 0], [BO, *SEPTEMBER, 21, 0, 0, 0]]))
    first = AccessLog.objects.latest("id").pk  # the log is append-only (on PostgreSQL a trigger says so)
    again = csv_file([[ALMA, *SEPTEMBER, 20, 1, 2, 0], [BO, *SEPTEMBER, 21, 0, 0, 0], [CARL, *SEPTEMBER, 21, 0, 0, 0]])
    result = _import(school, again, actor=f.UserFactory(is_staff=True))
    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 1, 1, 1)
    alma = AttendanceRecord.objects.get(child=school.alma)
    assert (alma.expected_days, alma.sick_days, alma.authorised_days) == (20, Decimal("1.0"), Decimal("2.0"))
    assert AttendanceRecord.objects.count() == 3
    # Bo's numbers did not change: no log row for him.
    second = AccessLog.objects.filter(pk__gt=first).order_by("child_id")
    log = [(r.action, r.child_id, r.role, r.changed_fields) for r in second]
    assert log == [
        ("change", school.alma.pk, "administrator", ["authorised_days", "expected_days"]),
        ("create", school.carl.pk, "administrator", FIELDS),
    ]


def test_one_bad_row_imports_nothing(school):
    make_record(school.carl, school.unit, datetime.date(2026, 8, 1), datetime.date(2026, 8, 31), sick_days=Decimal(1))
    august = ("01-08-2026", "31-08-2026")
    data = csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0], [BO, *SEPTEMBER, 21, 0, 0, 99], [CARL, *august, 20, 5, 0, 0]])
    result = _import(school, data)
    assert not result.ok
    assert result.errors == ("Row 3: absence (99) is more than the school days (21).",)
    assert (result.created, result.updated) == (0, 0)
    assert list(AttendanceRecord.objects.values_list("child__first_name", "sick_days")) == [("Carl", Decimal("1.0"))]
    assert AccessLog.objects.count() == 0


def test_every_row_is_checked_and_every_error_named(school):
    rows = [
        ["", *SEPTEMBER, 21, 0, 0, 0],  # 2
        ["12345", *SEPTEMBER, 21, 0, 0, 0],  # 3
        [ALMA, "", "31-09-2026", 21, 0, 0, 0],  # 4
        [ALMA, "1. september", "30-09-2026", "", 0, 0, 0],  # 5
        [ALMA, *SEPTEMBER, "tyve", "x", 0, 0],  # 6
        [ALMA, *SEPTEMBER, "20,5", "-1", "1,25", 0],  # 7
        [BO, "30-09-2026", "01-09-2026", 21, 0, 0, 0],  # 8
        [BO, "01-01-2026", "31-01-2027", 21, 0, 0, 0],  # 9
        [BO, "01-09-2026", "05-09-2026", 10, 0, 0, 0],  # 10
        [BO, "01-10-2026", "31-10-2026", 10, 6, "4,5", "1,5"],  # 11
        [CARL, *SEPTEMBER, 21, 0, 0, 0],  # 12
        [CARL, *SEPTEMBER, 20, 1, 0, 0],  # 13
        [CARL, "15-09-2026", "15-10-2026", 20, 0, 0, 0],  # 14
    ]
    assert _errors(school, rows) == [
        "Row 2: the CPR number is missing.",
        "Row 3: the CPR number is not valid (DDMMÅÅ-XXXX).",
        "Row 4: “fra” is missing.",
        "Row 4: “31-09-2026” in “til” is not a date (dd-mm-yyyy).",
        "Row 5: “1. september” in “fra” is not a date (dd-mm-yyyy).",
        "Row 5: “skoledage” is missing.",
        "Row 6: “skoledage” is not a number (“tyve”).",
        "Row 6: “sygefravær” is not a number (“x”).",
        "Row 7: “skoledage” must be a whole number (20.5).",
        "Row 7: “sygefravær” cannot be negative (-1).",
        "Row 7: “lovligt fravær” has more than one decimal (1.25).",
        "Row 8: “til” (01-09-2026) is before “fra” (30-09-2026).",
        "Row 9: the period is longer than a year.",
        "Row 10: 10 school days do not fit in a period of 5 days.",
        "Row 11: absence (12) is more than the school days (10).",
        "Row 13: the same pupil and period as row 12.",
        "Row 14: the period overlaps the period of row 12 for the same pupil.",
    ]


def test_missing_columns_are_named_in_one_message(school):
    header = ["cpr", "fra", "til", "sygefravær", "lovligt fravær"]
    assert _errors(school, [[ALMA, *SEPTEMBER, 0, 0]], header=header) == [
        "The column names (row 1) lack the columns “skoledage”, “ulovligt fravær”."
    ]
    assert _errors(school, [[ALMA, *SEPTEMBER, 21, 0, 0]], header=HEADER[:-1]) == [
        "The column names (row 1) lack the column “ulovligt fravær”."
    ]


@pytest.mark.parametrize(
    ("data", "filename", "error"),
    [
        (b"", "fravaer.csv", "The file is empty."),
        (b";;;\r\n;;;\r\n", "fravaer.csv", "The file is empty."),
        (csv_file([]), "fravaer.csv", "The file has no rows below the column names."),
        (csv_file([], header=[*HEADER, "CPR"]), "f.csv", "The column “cpr” appears more than once."),
        (b"PK\x03\x04 not a workbook", "f.xlsx", "The file could not be read as an Excel workbook (.xlsx)."),
        (b"\xd0\xcf\x11\xe0", "fravaer.xls", "Old Excel files (.xls) cannot be read. Save the file as .xlsx or CSV."),
        (b"%PDF-1.7", "fravaer.pdf", "Choose a CSV or XLSX file exported from the school's system."),
        (b"cpr;" + b"x" * 200_000, "fravaer.csv", "The file could not be read as CSV."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(school, data, filename, error):
    result = _import(school, data, filename=filename)
    assert result.errors == (error,)


def test_a_file_too_large_or_too_long_is_refused(school, monkeypatch):
    too_large = b"x" * (5 * 1024 * 1024 + 1)
    assert _import(school, too_large).errors == ("The file is larger than 5 MB. Split it into smaller files.",)
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    rows = [[ALMA, *SEPTEMBER, 21, 0, 0, 0]] * 3
    assert _import(school, csv_file(rows)).errors == ("The file has more than 2 rows. Split it into smaller files.",)


def test_a_child_outside_the_school_looks_like_an_unknown_cpr_number(school, cast):
    # Noah has a CPR number but goes to another school; 0404154004 belongs to nobody.
    make_pupil(make_school(name="Bakkeskolen"), "0505154005", "Noah")
    rows = [["0505154005", *SEPTEMBER, 21, 0, 0, 0], ["0404154004", *SEPTEMBER, 21, 0, 0, 0]]
    assert _errors(school, rows) == [
        "Row 2: the CPR number is not among the school's pupils.",
        "Row 3: the CPR number is not among the school's pupils.",
    ]


def test_a_pupil_must_be_enrolled_at_the_school_during_the_period(school):
    # Dina started on 1 October; Eva left on 31 August. A pupil who starts mid-period counts.
    make_pupil(school.group, "0404154004", "Dina", start=datetime.date(2026, 10, 1))
    make_pupil(school.group, "0505154005", "Eva", end=datetime.date(2026, 8, 31))
    make_pupil(school.group, "0606154006", "Finn", start=datetime.date(2026, 9, 15))
    rows = [["0404154004", *SEPTEMBER, 21, 0, 0, 0], ["0505154005", *SEPTEMBER, 21, 0, 0, 0]]
    assert _errors(school, rows) == [
        "Row 2: the pupil was not enrolled at the school between 01-09-2026 and 30-09-2026.",
        "Row 3: the pupil was not enrolled at the school between 01-09-2026 and 30-09-2026.",
    ]
    assert _import(school, csv_file([["0606154006", *SEPTEMBER, 12, 0, 0, 0]])).ok


def test_a_period_overlapping_an_earlier_import_is_refused(school):
    make_record(school.alma, school.unit, datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
    # Another school's period for Alma does not count: she may have changed school mid-month.
    make_record(school.bo, make_school(name="Bakkeskolen").unit, datetime.date(2026, 9, 7), datetime.date(2026, 9, 13))
    rows = [[ALMA, "07-09-2026", "13-09-2026", 5, 0, 0, 0], [BO, "07-09-2026", "13-09-2026", 5, 0, 0, 0]]
    assert _errors(school, rows) == [
        "Row 2: the period overlaps the period 01-09-2026–30-09-2026 already imported for the pupil."
    ]


@pytest.mark.parametrize("who", ["teacher", "other_leader", "kindergarten_leader", "parent", "inactive_admin"])
def test_only_the_schools_leader_and_administrators_may_import(school, cast, who):
    other = make_school(name="Bakkeskolen")
    actor = {
        "teacher": school.teacher,
        "other_leader": other.unit.memberships.get(role=Role.LEADER).user,
        "kindergarten_leader": cast.leader,
        "parent": cast.parent,
        "inactive_admin": f.UserFactory(is_staff=True, is_active=False),
    }[who]
    with pytest.raises(PermissionDenied):
        _import(school, csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]]), actor=actor)
    assert AttendanceRecord.objects.count() == 0


def test_nobody_imports_attendance_for_a_unit_that_is_not_a_school(cast):
    assert cast.unit.kind == UnitKind.KINDERGARTEN
    for actor in (cast.leader, cast.administrator):
        with pytest.raises(PermissionDenied):
            attendance_import(actor=actor, unit=cast.unit, file=b"", filename="fravaer.csv")


def test_a_youth_education_imports_too(cast):
    group = make_school(name="Gymnasiet")
    group.unit.kind = UnitKind.YOUTH_EDUCATION
    group.unit.save()
    make_pupil(group, ALMA, "Alma")
    leader = group.unit.memberships.get(role=Role.LEADER).user
    result = attendance_import(
        actor=leader, unit=group.unit, file=csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]]), filename="f.csv"
    )
    assert result.ok


def test_errors_about_the_pupils_and_about_the_numbers_come_together_in_the_files_order(school):
    rows = [[ALMA, *SEPTEMBER, 21, "x", 0, 0], ["0404154004", *SEPTEMBER, 21, 0, 0, 0], [BO, *SEPTEMBER, 21, 30, 0, 0]]
    result = _import(school, csv_file(rows))
    assert result.errors == (
        "Row 2: “sygefravær” is not a number (“x”).",
        "Row 3: the CPR number is not among the school's pupils.",
        "Row 4: absence (30) is more than the school days (21).",
    )
    assert result.rows == 3


def test_a_damaged_workbook_says_so(school):
    original = zipfile.ZipFile(io.BytesIO(xlsx_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]])))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as target:
        for item in original.infolist():
            content = original.read(item)
            target.writestr(item, content[:200] if item.filename.endswith("sheet1.xml") else content)
    result = _import(school, damaged.getvalue(), filename="fravaer.xlsx")
    assert result.errors == ("The file could not be read as an Excel workbook (.xlsx).",)
