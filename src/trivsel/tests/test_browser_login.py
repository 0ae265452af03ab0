"""Signing in and out in a real browser, with an accessibility check on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from trivsel.conftest import Cast
from trivsel.testing.browser import assert_accessible, assert_reflows, login, logout

pytestmark = pytest.mark.browser


def test_it_shows_an_accessible_login_page(page: Page, live_server, cast: Cast) -> None:
    page.goto(f"{live_server.url}/boern/")

    expect(page).to_have_url(re.compile(r"/konto/log-ind/\?next=/boern/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Trivsel")
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    assert_accessible(page)


def test_a_wrong_password_shows_an_error_and_keeps_the_username(page: Page, live_server, cast: Cast) -> None:
    page.goto(f"{live_server.url}/konto/log-ind/")
    page.get_by_label("Username").fill("pia")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/konto/log-ind/$"))
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password.")
    expect(page.get_by_label("Username")).to_have_value("pia")
    expect(page.get_by_label("Password")).to_have_value("")
    assert_accessible(page)
    assert_reflows(page)


def test_a_pedagogue_logs_in_to_my_children_and_logs_out(page: Page, live_server, cast: Cast) -> None:
    login(page, live_server, "pia")

    expect(page).to_have_url(f"{live_server.url}/boern/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My children")
    expect(page.get_by_role("link", name="Nielsen, Emma")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="My children")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)

    logout(page)
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.goto(f"{live_server.url}/boern/")
    expect(page).to_have_url(re.compile(r"/konto/log-ind/\?next=/boern/$"))


def test_the_two_step_verification_page_is_accessible(page: Page, live_server, cast: Cast, settings) -> None:
    settings.REQUIRE_2FA = True
    login(page, live_server, "pia")
    expect(page).to_have_url(re.compile(r"/konto/totrin/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step verification")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("textbox").fill("000000")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/konto/totrin/"))
    assert_accessible(page)
    assert_reflows(page)
