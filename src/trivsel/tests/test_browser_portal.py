"""The parent portal in a real browser: a parent gives and withdraws consent, and sees look-ups."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.conftest import Cast
from trivsel.consent.models import Consent, Method
from trivsel.lib.time import today
from trivsel.testing.browser import assert_accessible, assert_reflows, login

pytestmark = pytest.mark.browser


def test_a_parent_gives_and_withdraws_consent(page: Page, live_server, cast: Cast) -> None:
    start, end = today(), today() + datetime.timedelta(days=180)
    login(page, live_server, "mette")
    expect(page).to_have_url(f"{live_server.url}/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My family")
    assert_accessible(page)

    page.get_by_role("link", name="Emma Nielsen").click()
    expect(page).to_have_url(f"{live_server.url}/portal/boern/{cast.child.pk}/")
    consents = page.get_by_role("table", name="Consents for Emma Nielsen").locator("tbody tr")
    expect(consents).to_have_text(["No consent recorded."])
    assert_accessible(page)

    page.get_by_role("link", name="Give consent").click()
    expect(page).to_have_url(f"{live_server.url}/portal/boern/{cast.child.pk}/samtykke/ny/")
    assert_accessible(page)
    page.get_by_label("Purpose").select_option(label="Handover at a transition")
    page.get_by_role("group", name="Units that may receive it").get_by_label("Solsikken").check()
    page.get_by_label("Valid from").fill(start.isoformat())
    page.get_by_label("Valid until").fill(end.isoformat())
    page.get_by_role("button", name="Give consent").click()

    expect(page).to_have_url(f"{live_server.url}/portal/boern/{cast.child.pk}/")
    expect(page.get_by_role("status")).to_have_text("Thank you. Your consent has been registered.")
    expect(consents.get_by_role("cell")).to_have_text(
        [
            "Handover at a transition",
            "Mette Nielsen (digital, by the parent)",
            "Solsikken",
            f"{start:%d-%m-%Y} – {end:%d-%m-%Y}",
            "Active",
            "Withdraw",
        ]
    )
    consent = Consent.objects.get()
    assert (consent.guardian, consent.method, consent.withdrawn_at) == (cast.mother, Method.DIGITAL, None)
    assert_accessible(page)

    consents.get_by_role("button", name="Withdraw").click()
    # The button submits a GET form, hence the empty query string.
    withdraw_url = f"{live_server.url}/portal/boern/{cast.child.pk}/samtykke/{consent.pk}/tilbagekald/"
    expect(page).to_have_url(re.compile(re.escape(withdraw_url) + r"\??$"))
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw consent").click()

    expect(page).to_have_url(f"{live_server.url}/portal/boern/{cast.child.pk}/")
    expect(page.get_by_role("status")).to_have_text("Your consent has been withdrawn.")
    expect(consents.get_by_role("cell").nth(4)).to_have_text(f"Withdrawn {today():%d-%m-%Y}")
    expect(consents.get_by_role("button", name="Withdraw")).to_have_count(0)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert_accessible(page)
    assert_reflows(page)


def test_a_parent_sees_when_and_why_but_not_who_looked_up_their_child(page: Page, live_server, cast: Cast) -> None:
    log_access(actor=cast.pedagogue, action=Action.READ, child_id=cast.child.pk, purpose="child_page")
    login(page, live_server, "mette")
    page.goto(f"{live_server.url}/portal/boern/{cast.child.pk}/")

    page.get_by_role("link", name="See when and why your child's information has been looked up").click()

    expect(page).to_have_url(f"{live_server.url}/portal/boern/{cast.child.pk}/opslag/")
    rows = page.get_by_role("table", name="Look-ups of Emma Nielsen's information").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("cell").nth(1)).to_have_text("Looked up")
    expect(rows.get_by_role("cell").nth(2)).to_have_text(
        "A professional working with your child opened the child's page"
    )
    expect(page.get_by_role("main")).not_to_contain_text("pia")
    expect(page.get_by_role("main")).not_to_contain_text(str(cast.pedagogue))
    assert_accessible(page)
    assert_reflows(page)
