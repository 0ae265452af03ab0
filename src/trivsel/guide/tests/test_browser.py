"""The collaboration guide in the browser: a citizen reads it without logging in; an editor writes a page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from trivsel.accounts.models import User
from trivsel.conftest import Cast
from trivsel.guide.models import GuidePage
from trivsel.meetings.models import Forum, ForumKind
from trivsel.organisation.models import Role
from trivsel.testing.browser import assert_accessible, assert_reflows, login

pytestmark = pytest.mark.browser


def test_a_citizen_reads_the_public_guide_without_logging_in(
    danish_page: Page, live_server, cast: Cast, guide: list[GuidePage]
) -> None:
    Forum.objects.create(
        name="Ressourceteam Solsikken", kind=ForumKind.RESOURCE_TEAM, unit=cast.unit, chair_role=Role.LEADER
    ).members.add(cast.leader)
    page = danish_page
    page.goto(f"{live_server.url}/konto/log-ind/")
    page.get_by_role("link", name="Læs samarbejdsguiden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samarbejdsguide")
    expect(page.get_by_role("link", name="Når du skal underrette")).to_have_count(0)  # for professionals
    assert_accessible(page)
    assert_reflows(page)

    page.get_by_role("link", name="Ressourceteam", exact=True).click()
    expect(page.get_by_role("heading", name="Hvem deltager?")).to_be_visible()
    expect(page.get_by_role("cell", name="Ressourceteam Solsikken")).to_be_visible()  # the live forum
    expect(page.get_by_role("columnheader", name="Faste deltagere")).to_have_count(0)  # no staff named
    assert_accessible(page)
    page.get_by_role("link", name="Dialogmøde").first.click()  # an internal link in the editors' text
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialogmøde")

    page.get_by_role("searchbox", name="Søg i guiden").fill("samtykke")
    page.get_by_role("button", name="Søg", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("fundet for “samtykke”")
    expect(page.get_by_role("link", name=re.compile("Samtykke og tavshedspligt"))).to_be_visible()
    expect(page.get_by_role("link", name="Når du skal underrette")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{live_server.url}/samarbejdsguide/underretning/")
    expect(page).to_have_url(re.compile(r"/konto/log-ind/\?next=/samarbejdsguide/underretning/"))


def test_an_editor_writes_previews_and_restores_a_page(danish_page: Page, live_server, editor: User) -> None:
    page = danish_page
    login(page, live_server, editor.username)
    page.get_by_role("navigation").get_by_role("link", name="Samarbejdsguide").click()
    page.get_by_role("link", name="Ny side").click()
    page.get_by_label("Titel").fill("Familierådslagning")
    page.get_by_label("Alle: forældre og borgere, uden at logge ind").check()
    page.get_by_label("Afsnit", exact=True).select_option(label="Samarbejdsrum")
    page.get_by_label("Tekst", exact=True).fill("## Hvad er det?\n\nEt **møde** i familien. <script>alert(1)</script>")
    page.get_by_role("button", name="Forhåndsvisning").click()  # htmx: the form stays as typed
    expect(page.locator("#preview strong")).to_have_text("møde")
    expect(page.locator("#preview script")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Opret siden").click()
    expect(page.get_by_text("Siden er oprettet.")).to_be_visible()
    expect(page.get_by_role("heading", name="Hvad er det?")).to_be_visible()

    page.get_by_role("link", name="Rediger siden").click()
    page.get_by_label("Tekst", exact=True).fill("")
    page.get_by_label("Hvad har du ændret?").fill("Tømt ved en fejl")
    page.get_by_role("button", name="Gem som ny version").click()
    expect(page.locator("#id_body_markdown_error")).to_have_text("Skriv sidens tekst.")
    expect(page.get_by_label("Hvad har du ændret?")).to_have_value("Tømt ved en fejl")  # nothing typed is lost
    assert_accessible(page)
    page.get_by_label("Tekst", exact=True).fill("Kort tekst.")
    page.get_by_role("button", name="Gem som ny version").click()
    expect(page.get_by_text("Siden er gemt som en ny version.")).to_be_visible()

    page.get_by_role("link", name="Versioner").click()
    assert_accessible(page)
    page.get_by_role("button", name="Gendan version 1").click()
    expect(page.get_by_text("Version 1 er gendannet som en ny version af siden.")).to_be_visible()
    expect(page.get_by_role("heading", name="Hvad er det?")).to_be_visible()
    assert GuidePage.objects.get(slug="familieraadslagning").versions.count() == 3
