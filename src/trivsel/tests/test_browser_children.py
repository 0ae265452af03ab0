"""Finding a child in "Mine børn" and reading the child's page in a real browser."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from trivsel.audit.models import AccessLog, Action
from trivsel.children import cpr
from trivsel.conftest import Cast
from trivsel.consent.models import RecipientKind
from trivsel.lib.time import today
from trivsel.testing import factories as f
from trivsel.testing.browser import assert_accessible, assert_reflows, login, logout

pytestmark = pytest.mark.browser

EMMA_CPR = "1705204321"  # synthetic: Emma's birth date (17-05-2020), century digit 4


def _give_emma_a_cpr(cast: Cast) -> None:
    number = cpr.normalise(EMMA_CPR)
    cast.child.cpr_encrypted = cpr.encrypt(number)
    cast.child.cpr_digest = cpr.digest(number)
    cast.child.save(update_fields=["cpr_encrypted", "cpr_digest"])


def test_a_pedagogue_finds_a_child_with_the_live_search(page: Page, live_server, cast: Cast) -> None:
    f.EnrolmentFactory(child=f.ChildFactory(first_name="Noah", last_name="Hansen"), group=cast.group)
    login(page, live_server, "pia")
    rows = page.locator("#child-rows tbody tr")
    expect(rows).to_have_count(2)
    expect(page.get_by_role("status")).to_have_text("2 children")
    # A marker on the window survives htmx swaps but not a page load.
    page.evaluate("window.notReloaded = true")

    page.get_by_role("searchbox").press_sequentially("emm")

    expect(rows).to_have_count(1)
    # The count is announced: it changes inside a status region that stays on the page.
    expect(page.get_by_role("status")).to_have_text("1 child")
    expect(rows.get_by_role("cell")).to_have_text(
        ["Nielsen, Emma", "17-05-2020", str(_age_of_emma()), "Solsikken · Rød stue"]
    )
    expect(page).to_have_url(f"{live_server.url}/boern/?q=emm")
    assert page.evaluate("window.notReloaded") is True
    assert AccessLog.objects.filter(action=Action.SEARCH, username="pia", search_criterion="emm").exists()
    assert_accessible(page)

    page.get_by_role("link", name="Nielsen, Emma").click()

    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Emma Nielsen")


def _age_of_emma() -> int:
    born, day = datetime.date(2020, 5, 17), today()
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def test_a_child_page_shows_guardians_consent_and_people_with_access(page: Page, live_server, cast: Cast) -> None:
    consent = f.ConsentFactory(
        child=cast.child,
        guardian=cast.mother,
        valid_from=today() - datetime.timedelta(days=10),
        valid_until=today() + datetime.timedelta(days=100),
    )
    f.ConsentRecipientFactory(consent=consent, kind=RecipientKind.UNIT, unit=cast.unit)
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")

    guardians = page.get_by_role("table", name="Guardians")
    expect(guardians.get_by_role("row")).to_have_count(3)
    expect(guardians.get_by_role("row", name="Mette Nielsen")).to_contain_text("Holds custody")
    expect(guardians.get_by_role("row", name="Lars Nielsen")).to_contain_text("No custody")
    consents = page.get_by_role("table", name="Consent")
    expect(consents.get_by_role("row")).to_have_count(2)
    expect(consents.get_by_role("row").nth(1)).to_contain_text("Solsikken")
    expect(consents.get_by_role("row").nth(1)).to_contain_text("Active")
    people = page.get_by_role("table", name="People with access")
    expect(people.get_by_role("row")).to_have_count(3)
    expect(people).to_contain_text(str(cast.pedagogue))
    expect(people).to_contain_text(str(cast.leader))
    expect(people).not_to_contain_text(str(cast.other_pedagogue))
    assert_accessible(page)
    assert_reflows(page)


def test_a_pedagogue_reveals_the_cpr_number_and_it_is_logged(page: Page, live_server, cast: Cast) -> None:
    _give_emma_a_cpr(cast)
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")
    page.evaluate("window.notReloaded = true")
    expect(page.locator("#child-cpr")).to_have_text("170520-XXXX")
    assert not AccessLog.objects.filter(action=Action.REVEAL_CPR).exists()

    page.get_by_role("button", name="Show CPR number (logged)").click()

    expect(page.locator("#child-cpr")).to_have_text("170520-4321")
    expect(page.locator("[aria-live=polite]:has(> #child-cpr)")).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True
    reveal = AccessLog.objects.get(action=Action.REVEAL_CPR)
    assert (reveal.username, reveal.child_id) == ("pia", cast.child.pk)
    assert_accessible(page)


def test_a_leader_opens_the_access_report(page: Page, live_server, cast: Cast) -> None:
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")
    logout(page)
    login(page, live_server, "lene")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")

    page.get_by_role("link", name="Access report: who looked up and changed this child's data").click()

    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/adgangslog/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Access report for Emma Nielsen")
    rows = page.get_by_role("table", name="Access report").locator("tbody tr")
    # Newest first: lene's reads (the report, the child page), then pia's read of the child page.
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("lene")
    expect(rows.nth(2)).to_contain_text("pia")
    expect(rows.nth(2)).to_contain_text("Read")
    assert_accessible(page)
    assert_reflows(page)
