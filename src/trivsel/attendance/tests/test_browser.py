"""A school's leader imports a file with an error, corrects it and imports it again, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from trivsel.attendance.models import AttendanceRecord
from trivsel.attendance.testing import ALMA, BO, csv_file
from trivsel.testing.browser import assert_accessible, assert_reflows, login

pytestmark = pytest.mark.browser

SEPTEMBER = ("01-09-2026", "30-09-2026")


def test_a_leader_imports_after_correcting_the_file(page: Page, live_server, school, tmp_path) -> None:
    login(page, live_server, "sofie")
    page.goto(f"{live_server.url}/fravaer/enheder/{school.unit.pk}/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import attendance: Skovskolen")
    assert_accessible(page)

    wrong = tmp_path / "fravaer.csv"
    wrong.write_bytes(csv_file([[ALMA, *SEPTEMBER, 10, 12, 0, 0], [BO, *SEPTEMBER, 21, 0, 0, 0]]))
    page.get_by_label("The attendance file").set_input_files(wrong)
    page.get_by_role("button", name="Import").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was imported from “fravaer.csv”")
    expect(alert).to_contain_text("Row 2: absence (12) is more than the school days (10).")
    assert AttendanceRecord.objects.count() == 0
    assert_accessible(page)
    assert_reflows(page)

    right = tmp_path / "fravaer-rettet.csv"
    right.write_bytes(csv_file([[ALMA, *SEPTEMBER, 21, 12, 0, 0], [BO, *SEPTEMBER, 21, 0, 0, 0]]))
    page.get_by_label("The attendance file").set_input_files(right)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("2 rows imported from “fravaer-rettet.csv”")
    assert AttendanceRecord.objects.count() == 2
    page.screenshot(path=str(tmp_path.parent / "attendance-import.png"), full_page=True)
