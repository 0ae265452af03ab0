"""The language switch in the header: Danish by default, English on request, and back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from trivsel.conftest import Cast
from trivsel.testing.browser import assert_accessible, login

pytestmark = pytest.mark.browser


def test_a_user_switches_the_language_to_english_and_back(danish_page: Page, live_server, cast: Cast) -> None:
    page = danish_page
    login(page, live_server, "pia")
    html = page.locator("html")
    switch = page.get_by_role("banner").locator("form.trivsel-language button")
    expect(html).to_have_attribute("lang", "da")
    expect(switch).to_have_text("English")
    expect(switch).to_have_attribute("lang", "en")
    assert_accessible(page)

    switch.click()

    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/boern/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My children")
    expect(switch).to_have_text("Dansk")
    expect(switch).to_have_attribute("lang", "da")
    assert_accessible(page)

    switch.click()

    expect(html).to_have_attribute("lang", "da")
    expect(switch).to_have_text("English")


def test_the_language_switch_keeps_the_page_and_its_query(danish_page: Page, live_server, cast: Cast) -> None:
    page = danish_page
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/?q=emma")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/boern/?q=emma")
    expect(page.get_by_role("searchbox")).to_have_value("emma")


def test_the_login_page_has_the_language_switch_too(danish_page: Page, live_server, cast: Cast) -> None:
    page = danish_page
    page.goto(f"{live_server.url}/konto/log-ind/")
    expect(page.locator("html")).to_have_attribute("lang", "da")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Trivsel")
    assert_accessible(page)
