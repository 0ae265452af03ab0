"""Plans in a real browser: a pedagogue creates an intervention with goals; a parent rates progress."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from trivsel.conftest import Cast
from trivsel.lib.time import today
from trivsel.plans.models import Goal, Intervention, ProgressEntry
from trivsel.plans.testing import catalogue, make_goal, make_intervention
from trivsel.testing.browser import assert_accessible, assert_reflows, login

pytestmark = pytest.mark.browser


def test_a_pedagogue_creates_an_intervention_with_goals_and_rates_it(page: Page, live_server, cast: Cast) -> None:
    catalogue()  # a live-server test before this one may have flushed the migration's catalogue
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")
    page.get_by_role("link", name="The child's plan: agreements, interventions and goals").click()
    page.get_by_role("link", name="New intervention").click()
    page.get_by_label("Intervention", exact=True).select_option(label="Mentor")
    page.get_by_label("What the help is").fill("En voksen tager imod Emma hver morgen")
    page.get_by_label("Evaluation").fill((today() + datetime.timedelta(days=42)).isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Create the intervention").click()
    expect(page.get_by_role("status")).to_have_text("The intervention has been created. Add its goals.")

    page.get_by_label("Goal", exact=True).fill("Emma siger farvel uden gråd 3 af 5 dage")
    page.get_by_role("group", name="Whose goal").get_by_label("The child").check()
    page.get_by_label("Target").fill("8")
    assert_accessible(page)
    page.get_by_role("button", name="Add it and another").click()
    page.get_by_label("Goal", exact=True).fill("Leger med en ven i frikvarteret")
    page.get_by_label("Area").select_option(label="Network and friends")
    page.get_by_role("group", name="Whose goal").get_by_label("The professionals").check()
    page.get_by_role("group", name="Scale").get_by_label("Goal Attainment Scaling (−2 to +2)").check()
    page.get_by_label("Target").fill("0")
    page.get_by_role("button", name="Add the goal", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/plan/")
    assert [g.title for g in Goal.objects.order_by("id")] == [
        "Emma siger farvel uden gråd 3 af 5 dage",
        "Leger med en ven i frikvarteret",
    ]

    first = Goal.objects.order_by("id").first()
    assert first is not None
    goal = page.locator(f"#goal-{first.pk}")
    goal.get_by_text("Add a rating").click()
    goal.get_by_role("spinbutton", name="Rating").fill("4")
    goal.get_by_role("textbox", name="Comment").fill("Græd to morgener")
    goal.get_by_role("button", name="Save the rating").click()
    expect(page.get_by_role("status")).to_have_text("The rating has been saved.")
    expect(page.locator(f"#goal-{first.pk}").get_by_role("table")).to_contain_text("Græd to morgener")
    assert Intervention.objects.get().responsible == cast.pedagogue
    assert_accessible(page)
    assert_reflows(page)


def test_a_parent_sees_the_agreements_and_rates_progress_in_the_portal(page: Page, live_server, cast: Cast) -> None:
    goal = make_goal(make_intervention(cast.child, cast.pedagogue))
    ProgressEntry.objects.create(
        goal=goal,
        rater="professional",
        value=4,
        recorded_on=today() - datetime.timedelta(days=7),
        recorded_by=cast.pedagogue,
    )
    login(page, live_server, "mette")
    page.goto(f"{live_server.url}/portal/boern/{cast.child.pk}/")
    expect(page.get_by_role("heading", name="Help and goals")).to_be_visible()
    section = page.locator(f"#goal-{goal.pk}")
    expect(section.get_by_role("img")).to_be_visible()  # the chart, described by its caption
    assert_accessible(page)
    section.get_by_label("Your rating (0 to 10)").fill("6")
    section.get_by_label("Your comment").fill("Hun glæder sig til at komme afsted")
    section.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_role("status")).to_have_text("Thank you. Your rating has been saved.")
    expect(page.locator(f"#goal-{goal.pk}").get_by_role("table")).to_contain_text("Hun glæder sig til at komme afsted")
    entry = ProgressEntry.objects.get(rater="parent")
    assert (entry.value, entry.guardian) == (6, cast.mother)
    assert_accessible(page)
