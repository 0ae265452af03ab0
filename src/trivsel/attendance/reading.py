"""Reading a school system's attendance export (CSV or XLSX) into checked rows, with errors per row.

Nothing here touches the database: ``read_attendance`` turns the file's bytes into ``Row``s and a
list of messages ("Row 4: …", numbered as the school's spreadsheet shows them, the column names
on row 1). The service then matches the rows to the school's pupils and writes them.

The format, as the Danish school systems export it: a header row naming the columns ``cpr``,
``fra``, ``til``, ``skoledage``, ``sygefravær``, ``lovligt fravær`` and ``ulovligt fravær`` (any
case, any order, other columns ignored); dates as dd-mm-åååå, ISO or real spreadsheet dates;
days with a decimal comma or point. An empty absence cell counts as no absence.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from trivsel.children import cpr

MAX_FILE_BYTES = 5 * 1024 * 1024  # a school of 1,000 pupils with weekly periods for a year is under 3 MB
MAX_ROWS = 20_000
MAX_PERIOD_DAYS = 366

CPR, START, END, SCHOOL_DAYS = "cpr", "fra", "til", "skoledage"
SICK, AUTHORISED, UNAUTHORISED = "sygefravær", "lovligt fravær", "ulovligt fravær"
COLUMNS = (CPR, START, END, SCHOOL_DAYS, SICK, AUTHORISED, UNAUTHORISED)
# Other spellings the exports use for the same column.
_ALIASES = {
    "cpr-nr": CPR,
    "cpr-nr.": CPR,
    "cpr-nummer": CPR,
    "sygefravaer": SICK,
    "lovligt fravaer": AUTHORISED,
    "ulovligt fravaer": UNAUTHORISED,
}
_HEADER_SEARCH_ROWS = 10  # some exports put a title line or two above the column names

_DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+)?$")
_ONE_DECIMAL = Decimal("0.1")

Cell = object  # str from a CSV file; str, int, float, datetime or None from a workbook
CellGetter = Callable[[str], Cell]
Problem = tuple[int, str]  # the row it concerns (0: the whole file) and the message


@dataclass(frozen=True)
class Row:
    """One checked row of the file: a pupil's school days and absence in a period."""

    number: int  # as the spreadsheet numbers it: the column names are usually on row 1
    cpr: str  # ten digits
    start: datetime.date
    end: datetime.date
    expected_days: int
    sick_days: Decimal
    authorised_days: Decimal
    unauthorised_days: Decimal

    @property
    def absent_days(self) -> Decimal:
        return self.sick_days + self.authorised_days + self.unauthorised_days


def read_attendance(data: bytes, filename: str) -> tuple[list[Row], list[Problem]]:
    """The file's correct rows and every problem found in it, in the order of the file."""
    try:
        table = _table(data, filename)
    except ValidationError as exc:
        return [], [(0, message) for message in exc.messages]
    return _rows(table)


def _table(data: bytes, filename: str) -> list[tuple[int, list[Cell]]]:
    """(row number, cells) for every row of the file's first sheet."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)d MB. Split it into smaller files.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx" or (suffix not in (".csv", ".txt") and data.startswith(b"PK\x03\x04")):
        return _limited(_xlsx_rows(data))
    if suffix == ".xls":
        raise ValidationError(_("Old Excel files (.xls) cannot be read. Save the file as .xlsx or CSV."))
    if suffix not in (".csv", ".txt"):
        raise ValidationError(_("Choose a CSV or XLSX file exported from the school's system."))
    return _limited(_csv_rows(data))


def _limited(rows: Iterable[list[Cell]]) -> list[tuple[int, list[Cell]]]:
    table: list[tuple[int, list[Cell]]] = []
    for number, cells in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:  # the column names, then MAX_ROWS rows
            raise ValidationError(
                _("The file has more than %(max)s rows. Split it into smaller files.")
                % {"max": number_format(MAX_ROWS, force_grouping=True)}
            )
        table.append((number, cells))
    return table


def _xlsx_rows(data: bytes) -> Iterator[list[Cell]]:
    unreadable = _("The file could not be read as an Excel workbook (.xlsx).")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise ValidationError(unreadable) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some exports state a wrong size; read what is there
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    except Exception as exc:  # a damaged sheet fails in many ways inside openpyxl and the XML parser
        raise ValidationError(unreadable) from exc
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[list[Cell]]:
    # UTF-8 (with or without the BOM Excel writes); Danish Excel's "CSV (semikolonsepareret)" is Windows-1252.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The file could not be read as text (CSV).")) from exc
    lines = text.splitlines()
    try:
        return [list(cells) for cells in csv.reader(lines, delimiter=_delimiter(lines))]
    except csv.Error as exc:
        raise ValidationError(_("The file could not be read as CSV.")) from exc


def _delimiter(lines: Sequence[str]) -> str:
    """The delimiter of the header row (Danish exports use ";", others ","; tabs from copy-paste).

    Counted in the header alone: the data rows' decimal commas ("2,5") would fool a guess from them.
    """
    candidates = [line for line in lines[:_HEADER_SEARCH_ROWS] if "cpr" in line.lower()]
    header = candidates[0] if candidates else next((line for line in lines if line.strip()), "")
    return max(";\t,", key=header.count)


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())


def _column_name(cell: Cell) -> str:
    name = _text(cell).lower().replace("_", " ")
    return _ALIASES.get(name, name)


def _header(table: list[tuple[int, list[Cell]]]) -> tuple[int, dict[str, int]]:
    """The row holding the column names, and each known column's position in it."""
    filled = [(number, cells) for number, cells in table if any(_text(c) for c in cells)]
    if not filled:
        raise ValidationError(_("The file is empty."))
    found = [(n, cells) for n, cells in filled[:_HEADER_SEARCH_ROWS] if CPR in map(_column_name, cells)]
    number, cells = found[0] if found else filled[0]
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _column_name(cell)
        if name in COLUMNS:
            if name in positions:
                raise ValidationError(_("The column “%(column)s” appears more than once.") % {"column": name})
            positions[name] = index
    missing = [name for name in COLUMNS if name not in positions]
    if missing:
        raise ValidationError(
            ngettext(
                "The column names (row %(row)d) lack the column %(columns)s.",
                "The column names (row %(row)d) lack the columns %(columns)s.",
                len(missing),
            )
            % {"row": number, "columns": ", ".join(f"“{name}”" for name in missing)}
        )
    return number, positions


def _rows(table: list[tuple[int, list[Cell]]]) -> tuple[list[Row], list[Problem]]:
    try:
        header_number, positions = _header(table)
    except ValidationError as exc:
        return [], [(0, message) for message in exc.messages]
    rows: list[Row] = []
    errors: list[Problem] = []
    for number, cells in table:
        if number <= header_number or not any(_text(c) for c in cells):
            continue

        def cell(column: str, cells: list[Cell] = cells) -> Cell:
            index = positions[column]
            return cells[index] if index < len(cells) else None

        row_errors: list[str] = []
        row = _row(number, cell, row_errors)
        errors += [(number, message) for message in row_errors]
        if row is not None:
            rows.append(row)
    if not rows and not errors:
        errors.append((0, _("The file has no rows below the column names.")))
    problems = _overlaps(rows)
    overlapping = {number for number, _message in problems}
    errors = sorted(errors + problems, key=lambda problem: problem[0])
    return [row for row in rows if row.number not in overlapping], errors


def _row(number: int, cell: CellGetter, errors: list[str]) -> Row | None:
    """One row checked field by field, then as a whole; None (and ``errors``) if it is wrong."""
    number_cpr = _cpr(number, cell(CPR), errors)
    start = _date(number, START, cell(START), errors)
    end = _date(number, END, cell(END), errors)
    school_days = _whole_days(number, cell(SCHOOL_DAYS), errors)
    sick = _days(number, SICK, cell(SICK), errors)
    authorised = _days(number, AUTHORISED, cell(AUTHORISED), errors)
    unauthorised = _days(number, UNAUTHORISED, cell(UNAUTHORISED), errors)
    if (
        number_cpr is None
        or start is None
        or end is None
        or school_days is None
        or sick is None
        or authorised is None
        or unauthorised is None
    ):
        return None
    row = Row(number, number_cpr, start, end, school_days, sick, authorised, unauthorised)
    length = (end - start).days + 1
    if end < start:
        errors.append(
            _("Row %(row)d: “til” (%(end)s) is before “fra” (%(start)s).")
            % {"row": number, "end": _day(end), "start": _day(start)}
        )
    elif length > MAX_PERIOD_DAYS:
        errors.append(_("Row %(row)d: the period is longer than a year.") % {"row": number})
    elif school_days > length:
        errors.append(
            _("Row %(row)d: %(days)d school days do not fit in a period of %(length)d days.")
            % {"row": number, "days": school_days, "length": length}
        )
    elif row.absent_days > school_days:
        errors.append(
            _("Row %(row)d: absence (%(absent)s) is more than the school days (%(days)d).")
            % {"row": number, "absent": _shown(row.absent_days), "days": school_days}
        )
    else:
        return row
    return None


def _cpr(number: int, cell: Cell, errors: list[str]) -> str | None:
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        raw = f"{int(cell):010d}"  # a spreadsheet took the CPR number for a number and dropped its leading 0
    else:
        raw = _text(cell).replace(" ", "")
        if raw.isdigit() and len(raw) == 9:
            raw = "0" + raw  # the same, after a round trip through a spreadsheet
    if not raw:
        errors.append(_("Row %(row)d: the CPR number is missing.") % {"row": number})
        return None
    try:
        return cpr.normalise(raw)
    except ValidationError:
        # Never repeat the number itself in a message: it is shown on screen and in the terminal.
        errors.append(_("Row %(row)d: the CPR number is not valid (DDMMÅÅ-XXXX).") % {"row": number})
        return None


def _date(number: int, column: str, cell: Cell, errors: list[str]) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        try:  # a date cell the workbook did not format as a date: the spreadsheet's day number
            value = from_excel(cell)
        except (ValueError, OverflowError, TypeError):
            value = None
        if isinstance(value, datetime.datetime):
            return value.date()
    text = _text(cell)
    if not text:
        errors.append(_("Row %(row)d: “%(column)s” is missing.") % {"row": number, "column": column})
        return None
    danish, iso = _DANISH_DATE.match(text), _ISO_DATE.match(text)
    try:
        if danish:
            day, month, year = (int(part) for part in danish.groups())
            return datetime.date(year, month, day)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    errors.append(
        _("Row %(row)d: “%(value)s” in “%(column)s” is not a date (dd-mm-yyyy).")
        % {"row": number, "value": text[:20], "column": column}
    )
    return None


def _number(number: int, column: str, cell: Cell, errors: list[str], *, required: bool) -> Decimal | None:
    if isinstance(cell, bool):
        cell = str(cell)
    if isinstance(cell, int):
        value = Decimal(cell)
    elif isinstance(cell, float):
        value = Decimal(repr(cell))
        rounded = value.quantize(_ONE_DECIMAL)
        if abs(value - rounded) < Decimal("1e-9"):
            value = rounded  # 2.4999999999 from a formula in the sheet is 2.5
    else:
        text = _text(cell).replace(" ", "")
        if not text:
            if required:
                errors.append(_("Row %(row)d: “%(column)s” is missing.") % {"row": number, "column": column})
                return None
            return Decimal(0)  # the exports leave a cell empty when the pupil had no absence of that kind
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            errors.append(
                _("Row %(row)d: “%(column)s” is not a number (“%(value)s”).")
                % {"row": number, "column": column, "value": text[:20]}
            )
            return None
    if value < 0:
        errors.append(
            _("Row %(row)d: “%(column)s” cannot be negative (%(value)s).")
            % {"row": number, "column": column, "value": _shown(value)}
        )
        return None
    return value


def _whole_days(number: int, cell: Cell, errors: list[str]) -> int | None:
    value = _number(number, SCHOOL_DAYS, cell, errors, required=True)
    if value is None:
        return None
    if value != value.to_integral_value():
        errors.append(
            _("Row %(row)d: “%(column)s” must be a whole number (%(value)s).")
            % {"row": number, "column": SCHOOL_DAYS, "value": _shown(value)}
        )
        return None
    return int(value)


def _days(number: int, column: str, cell: Cell, errors: list[str]) -> Decimal | None:
    value = _number(number, column, cell, errors, required=False)
    if value is None:
        return None
    if value != value.quantize(_ONE_DECIMAL):
        errors.append(
            _("Row %(row)d: “%(column)s” has more than one decimal (%(value)s).")
            % {"row": number, "column": column, "value": _shown(value)}
        )
        return None
    return value.quantize(_ONE_DECIMAL)


def _overlaps(rows: list[Row]) -> list[Problem]:
    """A pupil's periods in one file may not overlap: the dashboard would count those days twice."""
    errors: list[Problem] = []
    by_child: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        earlier = by_child[row.cpr]
        for other in earlier:
            if (other.start, other.end) == (row.start, row.end):
                errors.append(
                    (
                        row.number,
                        _("Row %(row)d: the same pupil and period as row %(other)d.")
                        % {"row": row.number, "other": other.number},
                    )
                )
                break
            if other.start <= row.end and row.start <= other.end:
                errors.append(
                    (
                        row.number,
                        _("Row %(row)d: the period overlaps the period of row %(other)d for the same pupil.")
                        % {"row": row.number, "other": other.number},
                    )
                )
                break
        earlier.append(row)
    return errors


def _day(value: datetime.date) -> str:
    return value.strftime("%d-%m-%Y")


def _shown(value: Decimal) -> str:
    """12 as "12", 2.5 as "2,5" in Danish."""
    if value == value.to_integral_value():
        return number_format(value.quantize(Decimal(1)))
    return number_format(value)
