"""A pedagogue files a notification on Emma; the case worker assesses and acknowledges it, in a real browser."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from trivsel.conftest import Cast
from trivsel.notifications.models import Notification
from trivsel.testing.browser import assert_accessible, assert_reflows, login, logout

pytestmark = pytest.mark.browser


def test_a_notification_is_filed_assessed_and_acknowledged(page: Page, live_server, cast: Cast) -> None:
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")
    page.get_by_role("link", name="File a notification").click()
    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/underretning/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("File a notification")
    assert_accessible(page)

    page.get_by_role("group", name="Grounds").get_by_label("The child is exposed to abuse or violence").check()
    page.get_by_label("What have you seen or heard?").fill("Emma har blå mærker på armen og siger, hun er faldet.")
    page.get_by_role("button", name="Send notification").click()
    expect(page).to_have_url(f"{live_server.url}/underretninger/mine/")
    expect(page.get_by_role("status")).to_have_text("The notification has been sent to Børn og Familie.")
    mine = page.get_by_role("table", name="My notifications").locator("tbody tr")
    expect(mine.get_by_role("cell").nth(3)).to_have_text("Not yet acknowledged")
    assert_accessible(page)
    logout(page)

    login(page, live_server, "carl")
    page.get_by_role("navigation").get_by_role("link", name="Notifications").first.click()
    expect(page).to_have_url(f"{live_server.url}/underretninger/")
    rows = page.get_by_role("table", name="Notifications").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("cell").nth(2)).to_have_text("The child is exposed to abuse or violence")
    expect(rows.get_by_role("cell").last).to_have_text("Received")
    assert_accessible(page)
    assert_reflows(page)

    rows.get_by_role("link", name="Emma Nielsen").click()
    notification = Notification.objects.get()
    expect(page).to_have_url(f"{live_server.url}/underretninger/{notification.pk}/")
    assert_accessible(page)
    page.get_by_role("group", name="Are acute measures needed?").get_by_label("No").check()
    page.get_by_label("Assessment note").fill("Samtale med forældre aftalt.")
    page.get_by_role("button", name="Record assessment").click()
    expect(page.get_by_role("status")).to_have_text("The assessment has been recorded.")
    expect(page.get_by_text("No acute measures are needed.")).to_be_visible()
    page.get_by_role("button", name="Acknowledge receipt").click()
    expect(page.get_by_role("status")).to_have_text("The notifier has been sent an acknowledgement.")
    assert_accessible(page)
    logout(page)

    notification.refresh_from_db()
    assert notification.acute_measures is False and notification.acknowledged_at is not None
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/underretninger/mine/")
    day = timezone.localtime(notification.acknowledged_at)
    expect(mine.get_by_role("cell").nth(3)).to_have_text(f"Acknowledged on {day:%d-%m-%Y}")
    expect(mine.get_by_role("cell").last).to_have_text("–")  # no child investigation started
    assert_accessible(page)
