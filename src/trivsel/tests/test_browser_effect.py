"""A leader reads the effect dashboard: charts with their tables, small numbers hidden, a download."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from trivsel.conftest import Cast
from trivsel.effect.refresh import indicators_refresh
from trivsel.screening.testing import default_scale, make_round, make_screening
from trivsel.testing import factories as f
from trivsel.testing.browser import assert_accessible, assert_reflows, login

pytestmark = pytest.mark.browser


@pytest.fixture
def screened(cast: Cast) -> None:
    """Emma and eleven more in Rød stue, rated in September: eight green, three yellow, one red."""
    default_scale()  # a live-server test before this one may have flushed the migration's scale
    children = [cast.child] + [f.EnrolmentFactory(group=cast.group).child for _n in range(11)]
    autumn = make_round(cast.unit, cast.leader, opened_on=datetime.date(2026, 9, 1))
    for child, code in zip(children, ["groen"] * 8 + ["gul"] * 3 + ["roed"], strict=True):
        make_screening(autumn, child, cast.group, cast.leader, code)
    indicators_refresh()


def test_a_leader_reads_the_dashboard(page: Page, live_server, cast: Cast, screened) -> None:
    login(page, live_server, "lene")
    page.get_by_role("navigation").get_by_role("link", name="Effect").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Does the help make a difference?")
    expect(page.get_by_label("Place")).to_have_value(f"u{cast.unit.pk}")
    assert_accessible(page)
    assert_reflows(page)

    page.get_by_label("From half-year").select_option(label="H2 2026")
    page.get_by_role("button", name="Show").click()
    positions = page.locator("#panel-positions")
    # The chart is an image with a text alternative; the numbers are in the table beside it.
    expect(positions.get_by_role("img", name="Share of children in each position")).to_be_visible()
    row = positions.get_by_role("table", name="Joint positions by half-year").get_by_role("row").nth(1)
    expect(row).to_contain_text("H2 2026")
    expect(row.get_by_role("cell").nth(0)).to_have_text("8 (67 %)")
    expect(row.get_by_role("cell").nth(1)).to_have_text("<5 (hidden)")
    expect(row.get_by_role("cell").nth(3)).to_have_text("12")
    expect(page.get_by_text("Emma")).to_have_count(0)
    assert_accessible(page)

    with page.expect_download() as download:
        positions.get_by_role("link", name="CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "H2 2026;8;<5;<5;12" in content


def test_the_dashboard_in_danish_explains_a_bad_choice(danish_page: Page, live_server, cast: Cast, screened) -> None:
    page = danish_page
    login(page, live_server, "lene")
    page.goto(f"{live_server.url}/effekt/?sted=u{cast.unit.pk}&fra=2026-2&til=2026-1")
    expect(page.get_by_role("alert")).to_contain_text("Det sidste halvår må ikke ligge før det første.")
    expect(page.get_by_label("Fra halvår")).to_have_value("2026-2")
    assert_accessible(page)
