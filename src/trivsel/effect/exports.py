"""A panel's tables as CSV or XLSX: the same suppressed cells as on the page ("<5"), never a child."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from trivsel.effect.tables import Panel


def _sheets(panel: Panel) -> list[tuple[str, list[list[str]]]]:
    return [(table.caption, [table.header, *table.rows()]) for table in panel.tables]


def panel_csv(panel: Panel) -> bytes:
    """Each table under its caption, a blank line between; UTF-8 with BOM and ``;`` for Danish Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for caption, rows in _sheets(panel):
        writer.writerow([caption])
        writer.writerows(rows)
        writer.writerow([])
    for note in panel.notes:
        writer.writerow([note])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def panel_xlsx(panel: Panel) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for number, (caption, rows) in enumerate(_sheets(panel), start=1):
        sheet = workbook.create_sheet(f"{number}")
        sheet.append([caption])
        for row in rows:
            sheet.append([int(v) if v.isdigit() else v for v in row])
        for note in panel.notes:
            sheet.append([note])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
