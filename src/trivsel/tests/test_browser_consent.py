"""A pedagogue records a guardian's consent on the child's page, in a real browser."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from trivsel.conftest import Cast
from trivsel.consent.models import Consent
from trivsel.lib.time import today
from trivsel.testing.browser import assert_accessible, assert_reflows, login

pytestmark = pytest.mark.browser


def _open_the_consent_form(page: Page, live_server, cast: Cast) -> None:
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")
    page.get_by_role("link", name="Record consent").click()
    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/samtykke/ny/")


def test_a_pedagogue_records_a_consent(page: Page, live_server, cast: Cast) -> None:
    start, end = today(), today() + datetime.timedelta(days=90)
    _open_the_consent_form(page, live_server, cast)
    assert_accessible(page)

    page.get_by_label("Given by").select_option(label="Mette Nielsen")
    page.get_by_label("Purpose").select_option(label="Multi-professional discussion")
    page.get_by_label("How it was given").select_option(label="Oral, noted by staff")
    page.get_by_role("group", name="Units that may receive it").get_by_label("Solsikken").check()
    page.get_by_label("Valid from").fill(start.isoformat())
    page.get_by_label("Valid until").fill(end.isoformat())
    page.get_by_role("button", name="Save consent").click()

    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/")
    expect(page.get_by_role("status")).to_have_text("The consent has been recorded.")
    row = page.get_by_role("table", name="Consent").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell")).to_have_text(
        [
            "Multi-professional discussion",
            "Mette Nielsen (oral, noted by staff)",
            "Solsikken",
            f"{start:%d-%m-%Y} – {end:%d-%m-%Y}",
            "Active",
            "Withdraw",
        ]
    )
    consent = Consent.objects.get()
    assert (consent.guardian, consent.method, consent.valid_until) == (cast.mother, "oral", end)
    assert_accessible(page)


def test_a_consent_ending_before_it_starts_is_refused_and_the_form_keeps_what_was_typed(
    page: Page, live_server, cast: Cast
) -> None:
    _open_the_consent_form(page, live_server, cast)

    page.get_by_label("Purpose").select_option(label="Questionnaires")
    page.get_by_label("Which information").fill("Observations from daycare")
    page.get_by_role("group", name="Units that may receive it").get_by_label("Solsikken").check()
    page.get_by_label("Valid from").fill("2026-03-01")
    page.get_by_label("Valid until").fill("2026-02-01")
    page.get_by_role("button", name="Save consent").click()

    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/samtykke/ny/")
    expect(page.get_by_role("alert")).to_contain_text("The consent cannot end before it starts.")
    expect(page.get_by_label("Valid until")).to_have_accessible_description("The consent cannot end before it starts.")
    expect(page.get_by_label("Purpose")).to_have_value("questionnaires")
    expect(page.get_by_label("Which information")).to_have_value("Observations from daycare")
    expect(page.get_by_role("group", name="Units that may receive it").get_by_label("Solsikken")).to_be_checked()
    expect(page.get_by_label("Valid from")).to_have_value("2026-03-01")
    expect(page.get_by_label("Valid until")).to_have_value("2026-02-01")
    assert not Consent.objects.exists()
    assert_accessible(page)
    assert_reflows(page)

    page.get_by_role("alert").get_by_role("link").click()
    expect(page.get_by_label("Valid until")).to_be_focused()
