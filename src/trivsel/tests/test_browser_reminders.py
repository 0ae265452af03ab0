"""The reminder job finds Pia's waiting concern; she follows the reminder from the menu to the concern."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from trivsel.concerns.testing import default_levels_and_guide
from trivsel.concerns.tests.factories import make_concern
from trivsel.conftest import Cast
from trivsel.reminders.models import Reminder
from trivsel.reminders.tasks import send_reminders
from trivsel.testing.browser import assert_accessible, login

pytestmark = pytest.mark.browser


def test_a_pedagogue_follows_a_reminder_to_the_waiting_concern(page: Page, live_server, cast: Cast, settings) -> None:
    settings.CONCERN_REMINDER_DAYS = 14
    observed = timezone.localdate() - datetime.timedelta(days=15)
    concern = make_concern(cast.child, cast.pedagogue, default_levels_and_guide()["lille"], observed_on=observed)
    send_reminders.call()
    assert Reminder.objects.get().user == cast.pedagogue

    login(page, live_server, "pia")
    page.get_by_role("navigation").get_by_role("link", name="Reminders (1 new)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminders")
    expect(page.get_by_text(f"A concern you recorded (observed {observed:%d-%m-%Y}) has had no step")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Open · Concern without a next step").click()
    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/bekymringer/{concern.pk}/")
    expect(page.get_by_role("navigation").get_by_role("link", name="Reminders", exact=True)).to_be_visible()
