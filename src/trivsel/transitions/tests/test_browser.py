"""A handover in the browser: the leader creates the transition, the pedagogue writes the handover, the
mother approves it in the portal and consents, the pedagogue shares it, the school acknowledges."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from trivsel.testing.browser import assert_accessible, assert_reflows, login, logout
from trivsel.transitions.models import Status, Transition
from trivsel.transitions.testing import School, next_month

pytestmark = pytest.mark.browser


def test_a_handover_prepared_with_the_parents_and_shared(page: Page, live_server, cast, school: School) -> None:
    login(page, live_server, "lene")
    page.get_by_role("navigation").get_by_role("link", name="Transitions").click()
    expect(page.get_by_role("heading", name="Suggested: transitions not yet created")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Create for Emma").click()
    assert_accessible(page)
    page.get_by_label("Receiving unit", exact=True).select_option(label="Bakkeskolen")
    page.get_by_label("Receiving group").select_option(label=str(school.group))
    page.get_by_label("First day in the receiving unit").fill(next_month().isoformat())
    page.get_by_role("button", name="Create the transition").click()
    expect(page.get_by_text("The transition has been created")).to_be_visible()
    logout(page)

    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")
    page.get_by_role("link", name="Solsikken → Bakkeskolen", exact=False).click()
    assert_accessible(page)
    page.get_by_role("link", name="Write the handover").click()
    page.get_by_label("The child's strengths").fill("Emma er nysgerrig og elsker at tegne.")
    page.get_by_label("What works for the child").fill("Faste rutiner om morgenen.")
    page.get_by_label("The child's needs").fill("Hjælp til at komme ind i legen.")
    page.get_by_label("Agreed contact person").select_option(index=1)
    assert_accessible(page)
    page.get_by_role("button", name="Save the handover").click()
    page.get_by_role("button", name="Send to the parents for approval").click()
    expect(page.get_by_text("sent to the parents for approval")).to_be_visible()
    # Without the parents' consent the page says plainly that it cannot be shared.
    expect(page.get_by_text("It cannot be shared until they consent.")).to_be_visible()
    assert_accessible(page)
    logout(page)

    login(page, live_server, "mette")
    page.goto(f"{live_server.url}/portal/boern/{cast.child.pk}/")
    page.get_by_role("link", name="To Bakkeskolen", exact=False).click()
    expect(page.get_by_text("Emma er nysgerrig og elsker at tegne.")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_label("We approve the handover").check()
    page.get_by_label("Your own view of your child and the move").fill("Hun glæder sig, men er lidt nervøs.")
    page.get_by_label("We consent to the handover being shared with the receiving unit").check()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_text("You have approved the handover")).to_be_visible()
    logout(page)

    login(page, live_server, "pia")
    transition = Transition.objects.get(child=cast.child)
    page.goto(f"{live_server.url}/overgange/{transition.pk}/")
    page.get_by_role("button", name="Share with Bakkeskolen").click()
    expect(page.get_by_text("The handover has been shared with Bakkeskolen")).to_be_visible()
    logout(page)

    login(page, live_server, "tom")
    page.get_by_role("navigation").get_by_role("link", name="Transitions").click()
    page.get_by_role("link", name="Emma Nielsen").click()
    expect(page.get_by_text("Hun glæder sig, men er lidt nervøs.")).to_be_visible()
    expect(page.get_by_text("Emma er nysgerrig og elsker at tegne.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="We have received the handover").click()
    expect(page.get_by_text("the sending unit can see that you have received")).to_be_visible()
    assert Transition.objects.get(pk=transition.pk).status == Status.ACKNOWLEDGED
