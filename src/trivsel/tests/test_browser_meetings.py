"""Meetings in a real browser: building an agenda, running a meeting through the 8 steps, and
minutes that survive a lost session."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from trivsel.conftest import Cast
from trivsel.meetings.models import AgendaItem, Agreement, Meeting, Sharing
from trivsel.meetings.testing import make_item, make_meeting
from trivsel.testing import factories as f
from trivsel.testing.browser import assert_accessible, assert_reflows, login, logout

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(cast: Cast) -> Meeting:
    meeting = make_meeting(cast.unit, cast.leader)
    meeting.participants.add(cast.pedagogue)
    return meeting


def test_a_pedagogue_builds_the_agenda_and_the_chair_orders_it(page: Page, live_server, cast: Cast, meeting) -> None:
    oscar = f.EnrolmentFactory(group=cast.group, child__first_name="Oscar", child__last_name="Berg").child
    make_item(meeting, oscar, cast.pedagogue, Sharing.ANONYMOUS, problem="Slår i frikvarteret")
    login(page, live_server, "pia")
    page.get_by_role("navigation").get_by_role("link", name="Meetings").click()
    assert_accessible(page)
    page.get_by_role("link", name="Flerfaglig sparring").first.click()
    page.get_by_role("link", name="Bring a child to this meeting").click()
    page.get_by_label("Child", exact=True).select_option(label="Emma Nielsen (17-05-2020)")
    page.get_by_label("The problem you want to discuss").fill("Græder ved aflevering og leger alene")
    assert_accessible(page)
    page.get_by_role("button", name="Put the child on the agenda").click()
    expect(page.get_by_role("status")).to_have_text("The child is on the agenda.")
    agenda = page.locator(".trivsel-agenda-item")
    expect(agenda).to_have_count(2)
    expect(agenda.nth(1)).to_contain_text("Emma Nielsen")
    expect(agenda.nth(1)).to_contain_text("Anonymous: first name only")  # no consent: others see "Emma" only
    assert_accessible(page)
    logout(page)

    login(page, live_server, "lene")
    page.goto(f"{live_server.url}/moeder/{meeting.pk}/")
    page.get_by_role("button", name="Move up · Emma Nielsen").click()
    expect(page.locator(".trivsel-agenda-item").first).to_contain_text("Emma Nielsen")
    assert [i.child.first_name for i in AgendaItem.objects.filter(meeting=meeting).order_by("order")] == [
        "Emma",
        "Oscar",
    ]
    response = page.request.get(f"{live_server.url}/moeder/{meeting.pk}/dagsorden.pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert_reflows(page)


def test_the_chair_runs_the_meeting_through_the_eight_steps(page: Page, live_server, cast: Cast, meeting) -> None:
    item = make_item(meeting, cast.child, cast.pedagogue, problem="Græder ved aflevering")
    login(page, live_server, "lene")
    page.goto(f"{live_server.url}/moeder/punkter/{item.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Emma Nielsen (17-05-2020)")
    assert_accessible(page)
    steps = {
        "What the professionals know": "Pia: græder hver morgen i 3 uger",
        "The parents' perspective": "Mor fortæller om søvnproblemer",
        "The child's voice": "Emma savner sin far",
        "Discussion": "Vi er enige om, at Emma har brug for en fast voksen om morgenen",
        "Intervention and its goals": "Fast voksen ved aflevering; mål: Emma siger farvel uden gråd 3 af 5 dage",
        "When and how it is evaluated": "Om 6 uger i flerfaglig sparring",
        "New agreements and interventions": "Ingen endnu",
    }
    for label, text in steps.items():
        page.get_by_label(label, exact=True).fill(text)
    expect(page.locator("#minutes-status")).to_contain_text("Saved at", timeout=10_000)
    page.get_by_role("combobox", name="Who keeps contact with the parents").select_option(label=str(cast.pedagogue))
    page.get_by_role("button", name="Save contact person").click()
    expect(page.get_by_role("status").first).to_have_text("The contact person has been saved.")
    page.get_by_label("What", exact=True).fill("Ring til mor fredag")
    page.get_by_role("combobox", name="Who (optional)").select_option(label=str(cast.pedagogue))
    page.get_by_label("By when").fill((timezone.localdate(meeting.starts_at) + datetime.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Add the agreement").click()
    expect(page.get_by_role("table", name="Agreements")).to_contain_text("Ring til mor fredag")
    item.refresh_from_db()
    assert (item.discussion, item.knowledge_child, item.parent_contact) == (
        steps["Discussion"],
        "Emma savner sin far",
        cast.pedagogue,
    )
    assert Agreement.objects.get().owner == cast.pedagogue
    for label, text in steps.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(text)
    assert_accessible(page)


def test_minutes_typed_after_the_session_ended_are_kept_and_saved_after_signing_in(
    page: Page, live_server, cast: Cast, meeting
) -> None:
    item = make_item(meeting, cast.child, cast.pedagogue)
    login(page, live_server, "lene")
    page.goto(f"{live_server.url}/moeder/punkter/{item.pk}/")
    discussion = page.get_by_label("Discussion", exact=True)
    discussion.fill("Første del af drøftelsen")
    expect(page.locator("#minutes-status")).to_contain_text("Saved at", timeout=10_000)

    page.context.clear_cookies()  # the session ends mid-meeting (the language choice stays)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    discussion.press("End")
    discussion.type(" og resten, skrevet efter udløbet")
    expect(page.locator("#minutes-status")).to_contain_text("you have been signed out", timeout=10_000)
    item.refresh_from_db()
    assert item.discussion == "Første del af drøftelsen"

    login(page, live_server, "lene")
    page.goto(f"{live_server.url}/moeder/punkter/{item.pk}/")
    expect(page.locator("#minutes-status")).to_contain_text(re.compile("restored|Saved at"), timeout=10_000)
    expect(page.locator("#minutes-status")).to_contain_text("Saved at", timeout=10_000)
    expect(page.get_by_label("Discussion", exact=True)).to_have_value(
        "Første del af drøftelsen og resten, skrevet efter udløbet"
    )
    item.refresh_from_db()
    assert item.discussion == "Første del af drøftelsen og resten, skrevet efter udløbet"
