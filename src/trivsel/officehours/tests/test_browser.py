"""Office hours in the browser: a case worker publishes, a pedagogue books, both see it in their calendars."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from trivsel.officehours.models import Consultation
from trivsel.officehours.testing import next_working_monday
from trivsel.testing.browser import assert_accessible, assert_reflows, login, logout

pytestmark = pytest.mark.browser


def test_book_a_consultation(page: Page, live_server, cast) -> None:
    login(page, live_server, "carl")
    page.get_by_role("navigation").get_by_role("link", name="Office hours").click()
    assert_accessible(page)
    page.get_by_role("link", name="Publish office hours").click()
    page.get_by_label("Title").fill("Træffetid hos socialrådgiveren")
    page.get_by_label("Where").fill("Solsikken, personalestuen")
    day = next_working_monday()
    page.get_by_label("Day").fill(day.isoformat())
    page.get_by_label("From").fill("09:00")
    page.get_by_label("To", exact=True).fill("10:00")
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The office hours have been published on 1 day.")).to_be_visible()
    logout(page)

    login(page, live_server, "pia")
    page.get_by_role("navigation").get_by_role("link", name="Office hours").click()
    page.get_by_role("link", name="Træffetid hos socialrådgiveren").click()
    assert_accessible(page)
    page.get_by_role("link", name="Book 09:00").click()
    page.get_by_label("A child I work with, by name (needs the parents' consent)").check()
    page.get_by_role("combobox", name="The child").select_option(label="Emma Nielsen (17-05-2020)")
    page.get_by_label("What you would like to talk about").fill("Emma græder ved aflevering hver morgen.")
    page.get_by_role("button", name="Book the consultation").click()
    expect(page.locator("#id_child_error")).to_contain_text("The parents have not consented")
    expect(page.get_by_label("What you would like to talk about")).to_have_value(
        "Emma græder ved aflevering hver morgen."
    )
    assert_accessible(page)
    page.get_by_label("A child, anonymously").check()
    page.get_by_label("The child, without a name").fill("Pige, 6 år")
    page.get_by_role("button", name="Book the consultation").click()
    expect(page.get_by_text("The consultation has been booked")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("link", name="My calendar").click()
    page.goto(f"{live_server.url}/kalender/?uge={day:%G-W%V}")
    expect(page.get_by_role("link", name="Consultation with", exact=False)).to_be_visible()
    assert_accessible(page)
    logout(page)

    login(page, live_server, "carl")
    page.goto(f"{live_server.url}/kalender/?uge={day:%G-W%V}")
    page.get_by_role("link", name="Consultation booked by", exact=False).click()
    expect(page.get_by_text("Pige, 6 år")).to_be_visible()
    assert Consultation.objects.filter(child__isnull=True, cancelled_at__isnull=True).count() == 1
