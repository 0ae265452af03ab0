"""Case review in the browser: a schema defined, a round with two raters, the heatmap and the comparison."""

from __future__ import annotations

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import Page, expect

from trivsel.lib.time import today
from trivsel.reviews import services
from trivsel.reviews.models import Criterion, Review, ReviewRound
from trivsel.reviews.tests.conftest import Team, open_round
from trivsel.testing.browser import assert_accessible, assert_reflows, login, logout

pytestmark = pytest.mark.browser


def test_a_lead_defines_a_schema_and_publishes_it(page: Page, live_server, team: Team) -> None:
    login(page, live_server, "rikke")
    page.get_by_role("navigation").get_by_role("link", name="Case review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case review")
    assert_accessible(page)
    page.get_by_role("link", name="New schema").click()
    page.get_by_label("Name").fill("Skolefravær")
    page.get_by_role("button", name="Create the schema").click()
    expect(page.get_by_role("status").or_(page.locator(".alert-success"))).to_contain_text(
        "The schema has been created"
    )
    page.get_by_label("Theme", exact=True).fill("Fravær")
    page.get_by_role("button", name="Add the theme").click()
    page.get_by_label("Question").fill("Blev fraværet fulgt op i tide?")
    page.get_by_label("Guidance for the reviewer").fill("Se på fraværet måned for måned.")
    page.get_by_label("1–4 (1 = a clear challenge, 4 = a clear strength)").check()
    page.get_by_role("button", name="Add the criterion").click()
    expect(page.get_by_role("heading", name="Fravær", exact=True)).to_be_visible()
    expect(page.get_by_text("Blev fraværet fulgt op i tide?", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the schema").click()
    expect(page.get_by_text("published", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="Make a new version")).to_be_visible()
    assert_accessible(page)


def _rate_all(page: Page, value: str) -> None:
    """Every criterion by keyboard-reachable radios: the label of the value within each criterion's group."""
    groups = page.locator("fieldset")
    for n in range(groups.count()):
        groups.nth(n).get_by_label(value, exact=True).check()


def test_a_round_with_two_raters(page: Page, live_server, team: Team) -> None:
    login(page, live_server, "rikke")
    page.goto(f"{live_server.url}/sagsgennemgang/runder/ny/")
    assert_accessible(page)
    page.get_by_label("Name").fill("Forår 2027")
    page.get_by_label("Analysis schema").select_option(label=str(team.schema))
    page.get_by_label("Activity from").fill((today() - relativedelta(months=6)).isoformat())
    page.get_by_label("Number of cases").fill("2")
    page.get_by_label("Random seed").fill("11")
    for reviewer in team.reviewers:
        page.get_by_label(str(reviewer), exact=True).check()
    page.get_by_label("Share rated by a second, independent reviewer (%)").fill("100")
    page.get_by_role("button", name="Draw the sample and open the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forår 2027")
    expect(page.locator("#cases tbody tr")).to_have_count(2)
    assert_accessible(page)
    logout(page)

    round = ReviewRound.objects.get(name="Forår 2027")
    for reviewer, value in zip(team.reviewers, ("Strength", "Challenge"), strict=True):
        login(page, live_server, reviewer.username)
        page.get_by_role("navigation").get_by_role("link", name="Case review").click()
        page.locator("#my-cases").get_by_role("link").first.click()
        review = Review.objects.get(reviewer=reviewer, case__number=1, case__round=round)
        assert review.case.child is not None
        expect(page.get_by_role("heading", level=1)).to_contain_text(review.case.child.full_name)
        expect(page.get_by_role("heading", name="Case file")).to_be_visible()
        expect(page.get_by_text("Synthetic").first).to_be_visible()  # the concern, in the case file
        assert_accessible(page)
        _rate_all(page, value)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".alert-success")).to_contain_text("Your ratings are saved.")
        page.get_by_role("button", name="Submit the review").click()
        expect(page.locator(".alert-success")).to_contain_text("Your ratings have been submitted.")
        logout(page)
    reviews = Review.objects.filter(case__round=round, case__number=1)
    assert all(r.submitted_at is not None for r in reviews)
    assert {r.ratings.values_list("value", flat=True).distinct().get() for r in reviews} == {"strength", "challenge"}


@pytest.fixture
def two_rounds(team: Team) -> ReviewRound:
    """An earlier round with many challenges and a follow-up with more strengths, 6 cases each."""
    criteria = list(Criterion.objects.filter(schema=team.schema))
    earlier = open_round(team, sample_size=6, name="Sagsgennemgang 2025")
    later = open_round(team, sample_size=6, seed=9, name="Opfølgning 2026", previous=earlier)
    for round, challenges in ((earlier, 5), (later, 1)):
        for n, review in enumerate(Review.objects.filter(case__round=round, is_second=False)):
            value = "challenge" if n < challenges else "strength"
            ratings = {c.pk: (value, "") for c in criteria}
            services.review_save(actor=review.reviewer, review=review, ratings=ratings, submit=True)
    services.round_close(actor=team.lead, round=earlier)
    return later


def test_a_lead_reads_the_heatmap_and_the_comparison(page: Page, live_server, team: Team, two_rounds) -> None:
    login(page, live_server, "rikke")
    page.goto(f"{live_server.url}/sagsgennemgang/runder/{two_rounds.pk}/resultater/")
    heatmap = page.get_by_role("table", name="How often each criterion is a strength or a challenge")
    row = heatmap.get_by_role("row", name="Blev der handlet i tide på bekymringen?")
    # 5 strengths of 6 shown; the single challenge is a count of 1–4: hidden, and so is its partner.
    expect(row.get_by_role("cell").nth(1)).to_contain_text("<5")
    expect(row.get_by_role("cell").nth(3)).to_have_text("6")
    comparison = page.get_by_role("table", name="Compared with the round before")
    expect(comparison.get_by_role("row", name="Blev der handlet i tide på bekymringen?")).to_be_visible()
    expect(page.get_by_text(team.children[0].last_name)).to_have_count(0)  # no child is named
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_label("Group the cases by").select_option(label="Age band")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("table", name="Challenges by group")).to_be_visible()
    assert_accessible(page)


def test_the_results_page_in_danish(danish_page: Page, live_server, team: Team, two_rounds) -> None:
    login(danish_page, live_server, "rikke")
    danish_page.goto(f"{live_server.url}/sagsgennemgang/runder/{two_rounds.pk}/resultater/")
    expect(danish_page.get_by_role("heading", name="Udfordringer først")).to_be_visible()
    expect(danish_page.get_by_role("heading", name="Sammenlignet med runden før")).to_be_visible()
    assert_accessible(danish_page)
