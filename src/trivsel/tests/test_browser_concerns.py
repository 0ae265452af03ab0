"""A pedagogue records a concern on Emma and follows the action guide, in a real browser."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from trivsel.concerns.models import Concern, ConcernStep
from trivsel.concerns.testing import default_levels_and_guide
from trivsel.conftest import Cast
from trivsel.lib.time import today
from trivsel.notifications.models import Notification
from trivsel.testing.browser import assert_accessible, assert_reflows, login, logout

pytestmark = pytest.mark.browser


def _open_the_concern_form(page: Page, live_server, cast: Cast) -> None:
    default_levels_and_guide()  # a live-server test before this one may have flushed the seeded rows
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")
    page.get_by_role("link", name="Record a concern").click()
    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/bekymringer/ny/")


def test_a_pedagogue_records_a_concern_and_marks_the_first_step_done(page: Page, live_server, cast: Cast) -> None:
    observed = today() - datetime.timedelta(days=2)
    _open_the_concern_form(page, live_server, cast)
    assert_accessible(page)

    page.get_by_label("Observed on").fill(observed.isoformat())
    page.get_by_label("What did you observe?").fill("Græder ved aflevering og vil ikke spise")
    areas = page.get_by_role("group", name="Areas")
    areas.get_by_label("Well-being").check()
    areas.get_by_label("Health").check()
    page.get_by_role("group", name="Level of concern").get_by_label("Middel bekymring").check()
    page.get_by_role("button", name="Save concern").click()

    concern = Concern.objects.get()
    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/bekymringer/{concern.pk}/")
    expect(page.get_by_role("status")).to_have_text("The concern has been recorded.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Concern: Middel bekymring")
    expect(page.get_by_text("0 of 4 steps done.")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)

    first = page.get_by_role("region", name="Tal med forældrene")
    first.get_by_label("Done on").fill(today().isoformat())
    first.get_by_label("Note").fill("Talt med mor ved afhentning")
    first.get_by_role("button", name="Mark as done").click()

    # htmx swaps the step's row and the count in place; the page does not reload.
    expect(page.locator("#steps-done")).to_have_text("1 of 4 steps done.")
    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/bekymringer/{concern.pk}/")
    expect(page.get_by_role("region", name="Tal med forældrene")).to_contain_text(
        f"Done on {today():%d-%m-%Y} by {cast.pedagogue}"
    )
    step = ConcernStep.objects.get()
    assert (step.concern, step.step_code, step.done_by, step.note) == (
        concern,
        "tal-med-foraeldrene",
        cast.pedagogue,
        "Talt med mor ved afhentning",
    )
    assert_accessible(page)

    page.get_by_role("link", name="Emma Nielsen").click()
    row = page.get_by_role("table", name="Concerns").locator("tbody tr")
    expect(row.get_by_role("cell")).to_have_text(
        [f"{observed:%d-%m-%Y}", "Middel bekymring", "Well-being, Health", "Open", "2"]
    )
    assert_accessible(page)


def test_a_concern_without_an_area_is_refused_and_the_form_keeps_what_was_typed(
    page: Page, live_server, cast: Cast
) -> None:
    _open_the_concern_form(page, live_server, cast)
    page.get_by_label("What did you observe?").fill("Slår de andre børn")
    page.get_by_role("group", name="Level of concern").get_by_label("Stor bekymring").check()
    page.get_by_role("button", name="Save concern").click()

    expect(page.get_by_role("alert")).to_contain_text("Areas: This field is required.")
    expect(page.get_by_label("What did you observe?")).to_have_value("Slår de andre børn")
    expect(page.get_by_role("group", name="Level of concern").get_by_label("Stor bekymring")).to_be_checked()
    assert not Concern.objects.exists()
    assert_accessible(page)


def test_a_serious_concern_leads_through_the_guide_to_a_notification_the_case_worker_acknowledges(
    page: Page, live_server, cast: Cast
) -> None:
    _open_the_concern_form(page, live_server, cast)
    page.get_by_label("What did you observe?").fill("Emma fortæller, at hun bliver slået derhjemme")
    page.get_by_role("group", name="Areas").get_by_label("Family").check()
    page.get_by_role("group", name="Level of concern").get_by_label("Stor bekymring").check()
    page.get_by_role("button", name="Save concern").click()
    concern = Concern.objects.get()
    expect(page.get_by_text("0 of 4 steps done.")).to_be_visible()

    leader_step = page.get_by_role("region", name="Drøft straks med lederen")
    leader_step.get_by_label("Note").fill("Lene orienteret")
    leader_step.get_by_role("button", name="Mark as done").click()
    expect(page.locator("#steps-done")).to_have_text("1 of 4 steps done.")

    page.get_by_role("region", name="Underret kommunen").get_by_role("link", name="File a notification").click()
    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/underretning/ny/?bekymring={concern.pk}")
    expect(page.get_by_text("Filed from the concern of")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Grounds").get_by_label("The child is exposed to abuse or violence").check()
    page.get_by_label("What have you seen or heard?").fill("Emma fortæller, at hun bliver slået derhjemme.")
    page.get_by_role("button", name="Send notification").click()
    expect(page.get_by_role("status")).to_have_text("The notification has been sent to Børn og Familie.")

    page.goto(f"{live_server.url}/boern/{cast.child.pk}/bekymringer/{concern.pk}/")
    expect(page.locator("#steps-done")).to_have_text("2 of 4 steps done.")
    expect(page.get_by_role("region", name="Underret kommunen")).to_contain_text(f"Done on {today():%d-%m-%Y}")
    expect(page.get_by_role("heading", name="Notifications filed from this concern")).to_be_visible()
    assert_accessible(page)
    logout(page)

    login(page, live_server, "carl")
    page.goto(f"{live_server.url}/underretninger/")
    page.get_by_role("table", name="Notifications").get_by_role("link", name="Emma Nielsen").click()
    page.get_by_role("button", name="Acknowledge receipt").click()
    expect(page.get_by_role("status")).to_have_text("The notifier has been sent an acknowledgement.")
    assert_accessible(page)
    logout(page)

    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/underretninger/mine/")
    row = page.get_by_role("table", name="My notifications").locator("tbody tr")
    expect(row.get_by_role("cell").nth(3)).to_have_text(f"Acknowledged on {today():%d-%m-%Y}")
    notification = Notification.objects.get()
    assert (notification.concern, notification.acknowledged_at is not None) == (concern, True)
