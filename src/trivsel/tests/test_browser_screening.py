"""A pedagogue rates a whole group with the keyboard, the group agrees joint ratings, the leader closes the round."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from trivsel.conftest import Cast
from trivsel.organisation.models import Role
from trivsel.screening.models import Rating, Screening, ScreeningRound
from trivsel.screening.testing import default_scale, make_rating, make_round, make_screening
from trivsel.testing import factories as f
from trivsel.testing.browser import assert_accessible, assert_reflows, login, logout

pytestmark = pytest.mark.browser

# Emma plus five more children in Rød stue; the sheet lists them by first name.
OTHERS = ["Alma", "Bertram", "Carla", "Dennis", "Freja"]
# What Pia chooses for each child, as arrow presses from the first position (0 = Grøn, 1 = Gul, 2 = Rød).
PIA = {"Alma": 0, "Bertram": 1, "Carla": 0, "Dennis": 2, "Emma": 0, "Freja": 0}


@pytest.fixture
def group(cast: Cast) -> ScreeningRound:
    default_scale()  # a live-server test before this one may have flushed the migration's scale
    for name in OTHERS:
        f.EnrolmentFactory(group=cast.group, child__first_name=name, child__last_name="Holm")
    return make_round(cast.unit, cast.leader)


def test_a_pedagogue_rates_the_whole_group_with_the_keyboard(page: Page, live_server, cast: Cast, group) -> None:
    login(page, live_server, "pia")
    page.get_by_role("navigation").get_by_role("link", name="Well-being screening").click()
    page.get_by_role("link", name="Efterår 2026").click()
    page.get_by_role("link", name="Rate Rød stue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rød stue: your own ratings")
    assert_accessible(page)

    first = page.get_by_role("group", name="Alma Holm").get_by_role("radio").first
    first.focus()
    for name in sorted(PIA):
        # Focus is on the child's first position: Space chooses it, each arrow moves one position down.
        page.keyboard.press("Space")
        for _ in range(PIA[name]):
            page.keyboard.press("ArrowRight")
        expected = ["Grøn", "Gul", "Rød"][PIA[name]]
        child = page.locator(".trivsel-sheet-row", has=page.get_by_role("group", name=f"{name} "))
        expect(child.locator(".trivsel-status")).to_have_text(f"Saved: {expected}")
        page.keyboard.press("Tab")  # the comment
        page.keyboard.press("Tab")  # the next child's positions
    assert page.url.endswith(f"/runder/{group.pk}/grupper/{cast.group.pk}/")  # no page load on the way
    ratings = {r.child.first_name: r.position.code for r in Rating.objects.filter(rater=cast.pedagogue)}
    assert ratings == {
        "Alma": "groen",
        "Bertram": "gul",
        "Carla": "groen",
        "Dennis": "roed",
        "Emma": "groen",
        "Freja": "groen",
    }
    page.reload()
    expect(page.get_by_text("You have rated 6 of 6 children.")).to_be_visible()
    expect(page.get_by_role("group", name="Dennis Holm").get_by_role("radio", name="Rød")).to_be_checked()
    assert_accessible(page)
    assert_reflows(page)


def test_the_group_agrees_joint_ratings_and_the_leader_closes_the_round(
    page: Page, live_server, cast: Cast, group
) -> None:
    for child in cast.group.enrolments.select_related("child"):
        name = child.child.first_name
        make_rating(group, child.child, cast.pedagogue, ["groen", "gul", "roed"][PIA[name]])
        make_rating(
            group,
            child.child,
            cast.leader,
            "gul" if name in ("Bertram", "Carla") else ["groen", "gul", "roed"][PIA[name]],
        )
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/trivselsvurdering/runder/{group.pk}/grupper/{cast.group.pk}/faelles/")
    expect(page.get_by_text("0 of 6 children have a joint rating. The raters disagree on 1 child.")).to_be_visible()
    carla = page.locator(".trivsel-sheet-row", has=page.get_by_role("group", name="Carla Holm"))
    expect(carla).to_contain_text("Disagreement")
    assert_accessible(page)

    for name, code in [
        ("Alma", "Grøn"),
        ("Bertram", "Gul"),
        ("Carla", "Gul"),
        ("Dennis", "Rød"),
        ("Emma", "Grøn"),
        ("Freja", "Grøn"),
    ]:
        row = page.locator(
            ".trivsel-sheet-row",
            has=page.get_by_role("group", name=f"{name} Holm" if name != "Emma" else "Emma Nielsen"),
        )
        row.get_by_role("radio", name=code).check()
        expect(row.locator(".trivsel-status")).to_contain_text(f"Agreed: {code}")
    assert Screening.objects.count() == 6
    logout(page)

    login(page, live_server, "lene")
    page.goto(f"{live_server.url}/trivselsvurdering/runder/{group.pk}/")
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "3 children rated in a position that needs a next step have none: Bertram Holm, Carla Holm, Dennis Holm."
    )
    assert_accessible(page)

    page.get_by_role("link", name="Overview of the round").click()
    expect(page.get_by_role("table", name="Children by group and position")).to_be_visible()
    assert_accessible(page)
    for name in ("Bertram", "Carla", "Dennis"):
        page.get_by_role("link", name=f"Record the next step · {name}").click()
        page.get_by_role("group", name="Next step").get_by_label("A local action plan").check()
        page.get_by_label("What will be done, and who does it?").fill(f"Pia laver legeaftaler med {name} i to uger")
        if name == "Bertram":
            assert_accessible(page)
        page.get_by_role("button", name="Save the next step").click()
        expect(page.get_by_role("status")).to_have_text(f"The next step for {name} has been recorded.")
        page.goto(f"{live_server.url}/trivselsvurdering/enheder/{cast.unit.pk}/overblik/")
    expect(page.get_by_text("Every child rated yellow or red has a next step.")).to_be_visible()
    page.goto(f"{live_server.url}/trivselsvurdering/runder/{group.pk}/")
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_role("status")).to_have_text("The round has been closed.")
    group.refresh_from_db()
    assert not group.is_open

    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")
    expect(page.get_by_role("list", name="Positions over time")).to_contain_text("Efterår 2026 · Solsikken")
    assert_accessible(page)


def test_a_district_adviser_reads_the_district_overview_without_names(
    page: Page, live_server, cast: Cast, group
) -> None:
    for enrolment in cast.group.enrolments.select_related("child"):
        code = "gul" if enrolment.child.first_name == "Dennis" else "groen"
        make_screening(group, enrolment.child, cast.group, cast.leader, code)
    district = cast.unit.district
    assert district is not None
    f.MembershipFactory(role=Role.DISTRICT_ADVISER, group=None, unit=None, district=district, user__username="dina")
    login(page, live_server, "dina")
    page.get_by_role("navigation").get_by_role("link", name="Well-being screening").click()
    page.get_by_role("link", name=district.name).click()
    table = page.get_by_role("table", name="Children by unit and position (each unit's latest round)")
    # Six children, one of them yellow: the 1 is hidden, and so the 5 beside it.
    expect(table.locator("tbody tr").first.get_by_role("cell")).to_have_text(["<5", "<5", "0", "6"])
    for name in ["Emma", "Dennis", "Alma"]:
        expect(page.get_by_text(name)).to_have_count(0)
    assert_accessible(page)
    assert_reflows(page)
