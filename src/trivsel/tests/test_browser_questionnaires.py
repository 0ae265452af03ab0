"""Questionnaires in a real browser, in Danish: a parent answers by link without logging in, a
pedagogue types a paper SDQ with the keyboard only, and a parent answers in the portal.

The expected scores are worked out by hand from the SDQ rules (domain.md §4): answers 0/1/2, the
reverse-scored items 7, 11, 14, 21 and 25 count 2/1/0; total difficulties = emotional (3, 8, 13,
16, 24) + conduct (5, 7, 12, 18, 22) + hyperactivity (2, 10, 15, 21, 25) + peer (6, 11, 14, 19,
23); prosocial is 1, 4, 9, 17, 20. The bands are the parent version's UK norms.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from trivsel.conftest import Cast
from trivsel.lib.time import today
from trivsel.questionnaires.instruments import DATA
from trivsel.questionnaires.models import QuestionnaireRequest, Response
from trivsel.questionnaires.services import instrument_load, request_create
from trivsel.questionnaires.testing import PARENT, TEACHER, instrument
from trivsel.testing import factories as f
from trivsel.testing.browser import _open_page, assert_accessible, assert_reflows, login

pytestmark = pytest.mark.browser

PARENT_FORM = "SDQ, forældreskema, 4–17 år"
ANSWER_LABELS = ("Passer ikke", "Passer delvist", "Passer godt")  # 0, 1, 2

# The parent's answers by link, items 1–25: emotional 0+1+2+1+0 = 4, conduct 1+(2−0)+1+2+2 = 8,
# hyperactivity 1+0+0+(2−0)+(2−1) = 4, peer 0+(2−0)+(2−1)+0+1 = 4, prosocial 2+2+2+1+2 = 9;
# total 4+8+4+4 = 20. "No" to difficulties: impact 0.
LINK_ANSWERS = "2102100120012101120202101"
LINK_SCORES = [
    ("Samlede vanskeligheder", "20", "Meget høj"),
    ("Følelsesmæssige symptomer", "4", "Let forhøjet"),
    ("Adfærdsproblemer", "8", "Meget høj"),
    ("Hyperaktivitet/opmærksomhed", "4", "Tæt på gennemsnittet"),
    ("Problemer med jævnaldrende", "4", "Høj"),
    ("Prosocial adfærd", "9", "Tæt på gennemsnittet"),
    ("Påvirkning", "0", "Tæt på gennemsnittet"),
]

# The paper form, items 1–25: emotional 2+0+1+0+0 = 3, conduct 2+(2−0)+0+1+1 = 6, hyperactivity
# 1+2+1+(2−0)+(2−1) = 7, peer 1+(2−0)+(2−2)+0+2 = 5, prosocial 0+0+1+2+1 = 4; total 3+6+7+5 = 21.
# Then "yes, minor difficulties" (1) and the five impact questions 2, 1, 0, 3, 1, which count
# 1+0+0+2+0 = 3.
PAPER_ITEMS = "0120210012001210210101201"
PAPER_IMPACT = "121031"
PAPER_SCORES = [
    ("Samlede vanskeligheder", "21", "Meget høj"),
    ("Følelsesmæssige symptomer", "3", "Tæt på gennemsnittet"),
    ("Adfærdsproblemer", "6", "Meget høj"),
    ("Hyperaktivitet/opmærksomhed", "7", "Let forhøjet"),
    ("Problemer med jævnaldrende", "5", "Meget høj"),
    ("Prosocial adfærd", "4", "Meget lav"),
    ("Påvirkning", "3", "Meget høj"),
]


@pytest.fixture(autouse=True)
def _instruments(db: None) -> None:
    """The data migration's SDQ versions; a live-server test before this one may have flushed them."""
    for code in (PARENT, TEACHER):
        instrument_load(DATA / f"{code}.json")


@pytest.fixture
def guest_page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A second browser of its own (no cookies, no session), in Danish, with the same CSP check as ``danish_page``."""
    yield from _open_page(browser, live_server, locale="da-DK", cookie_language=None)


def _answer(page: Page, answers: str, first: int = 1) -> None:
    """Choose the radio button of each answer, from item ``first`` on, as the respondent clicks them."""
    for number, digit in enumerate(answers, start=first):
        question = page.get_by_role("group", name=f"SDQ spørgsmål {number}", exact=True)
        question.get_by_label(ANSWER_LABELS[int(digit)], exact=True).check()


def _expect_side_by_side(page: Page, scores: list[tuple[str, str, str]]) -> None:
    """The latest scores, one respondent (the parent): each scale's score and band."""
    table = page.get_by_role("table", name="Seneste scorer side om side")
    expect(table.get_by_role("columnheader")).to_have_text(["Skala", "Forælder"])
    for label, value, band in scores:
        row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label, exact=True))
        expect(row.get_by_role("cell")).to_have_text([f"{value} · {band}"])


def _paper_box(page: Page, label: str) -> Locator:
    """A digit box of the paper form; every question is optional."""
    return page.get_by_role("textbox", name=f"{label} (valgfrit)", exact=True)


def test_a_parent_answers_by_link_saves_half_way_and_sends(
    danish_page: Page, guest_page: Page, live_server, cast: Cast, settings
) -> None:
    settings.SITE_URL = live_server.url  # the link the pedagogue hands over leads to this server
    sofie = f.GuardianFactory(first_name="Sofie", last_name="Holm")  # holds custody, has no portal login
    f.GuardianshipFactory(child=cast.child, guardian=sofie, relation="mother", has_custody=True)
    page = danish_page
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/")
    page.get_by_role("link", name="Scorer, anmodninger og papirskemaer").click()
    page.get_by_role("link", name="Bed om et spørgeskema").click()
    page.get_by_label("Spørgeskema", exact=True).select_option(label=PARENT_FORM)
    page.get_by_label("Forælder, der svarer").select_option(label="Sofie Holm")
    assert_accessible(page)
    page.get_by_role("button", name="Send anmodningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmodningen er oprettet")
    expect(page.get_by_role("status")).to_contain_text("Linket vises kun nu")
    assert_accessible(page)
    link = page.get_by_label("Link", exact=True).input_value()
    assert urlsplit(link).path.startswith("/skema/")
    assert QuestionnaireRequest.objects.get().guardian == sofie

    parent = guest_page
    referers: list[str] = []
    parent.on("request", lambda request: referers.append(request.headers.get("referer", "")))
    parent.goto(link)
    expect(parent.get_by_role("heading", level=1)).to_have_text(PARENT_FORM)
    expect(parent.get_by_role("main")).to_contain_text("Et spørgeskema om, hvordan Emma har det.")
    expect(parent.get_by_role("main")).not_to_contain_text("Nielsen")  # the first name only
    _answer(parent, LINK_ANSWERS[:10])
    parent.get_by_role("button", name="Gem og fortsæt senere").click()
    expect(parent.get_by_role("status")).to_have_text("Dine svar er gemt. Du kan fortsætte senere.")
    assert_accessible(parent)  # the link's page, with the message and the answers so far

    parent.goto(link)  # another day, the same link
    expect(parent.get_by_role("main")).to_contain_text(
        f"Du begyndte den {today():%d-%m-%Y}; dine svar indtil nu er udfyldt."
    )
    for number, digit in enumerate(LINK_ANSWERS[:10], start=1):
        question = parent.get_by_role("group", name=f"SDQ spørgsmål {number}", exact=True)
        expect(question.get_by_label(ANSWER_LABELS[int(digit)], exact=True)).to_be_checked()
    unanswered = parent.get_by_role("group", name="SDQ spørgsmål 11", exact=True)
    expect(unanswered.get_by_role("radio", checked=True)).to_have_count(0)
    _answer(parent, LINK_ANSWERS[10:], first=11)
    gate = parent.get_by_role("group", name="Påvirkning: vanskeligheder i det hele taget", exact=True)
    gate.get_by_label("Nej", exact=True).check()
    parent.get_by_role("button", name="Send mine svar").click()

    expect(parent.get_by_role("heading", level=1)).to_have_text("Tak")
    expect(parent.get_by_role("main")).to_contain_text("Dine svar er sendt. Linket virker ikke længere.")
    assert_accessible(parent)
    gone = parent.goto(link)
    assert gone is not None and gone.status == 404
    expect(parent.get_by_role("heading", level=1)).to_have_text("Linket virker ikke")
    expect(parent.get_by_role("main")).to_contain_text("Et link til et spørgeskema virker kun én gang")
    for name in ("Emma", "Nielsen", "Sofie"):
        expect(parent.locator("body")).not_to_contain_text(name)
    assert_accessible(parent)
    parent.get_by_role("button", name="English").click()  # a form on a link's page is accepted too
    expect(parent.get_by_role("heading", level=1)).to_have_text("The link does not work")
    token = urlsplit(link).path.split("/")[2]
    assert any(referers) and not [r for r in referers if token in r]  # the origin only, never the token
    response = Response.objects.get()
    assert (response.source, response.submitted_at is not None) == ("link", True)

    page.goto(f"{live_server.url}/boern/{cast.child.pk}/spoergeskemaer/")
    _expect_side_by_side(page, LINK_SCORES)
    chart = page.get_by_role("img", name=re.compile(r"^Samlede vanskeligheder \(0–40\) over tid"))
    expect(chart).to_be_visible()
    expect(page.locator("figcaption")).to_contain_text("Scorerne står i tabellen nedenfor.")
    history = page.get_by_role("table", name="Alle besvarede spørgeskemaer").locator("tbody tr")
    expect(history.get_by_role("cell")).to_have_text(
        [f"{today():%d-%m-%Y}", "Forælder", PARENT_FORM, "Link"]
        + [f"{value} ({band})" for _label, value, band in LINK_SCORES]
    )
    assert_accessible(page)
    assert_reflows(page)


def test_a_pedagogue_types_a_paper_form_with_the_keyboard(danish_page: Page, live_server, cast: Cast) -> None:
    page = danish_page
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/spoergeskemaer/")
    expect(page.get_by_role("main")).to_contain_text("Der er endnu ikke besvaret et spørgeskema.")
    page.get_by_role("link", name="Indtast et papirskema").click()
    assert_accessible(page)
    page.get_by_role("link", name=PARENT_FORM).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Papirskema: {PARENT_FORM}")
    expect(page.get_by_label("Dato på skemaet")).to_have_value(today().isoformat())
    assert_accessible(page)

    _paper_box(page, "SDQ spørgsmål 1").focus()
    page.keyboard.type(PAPER_ITEMS[0])
    expect(_paper_box(page, "SDQ spørgsmål 2")).to_be_focused()  # the cursor moved on by itself
    page.keyboard.type(PAPER_ITEMS[1:])
    expect(_paper_box(page, "Påvirkning: vanskeligheder i det hele taget")).to_be_focused()
    page.keyboard.type(PAPER_IMPACT)
    expect(_paper_box(page, "Påvirkning: fritiden")).to_be_focused()  # the last box keeps the cursor
    expect(_paper_box(page, "SDQ spørgsmål 25")).to_have_value(PAPER_ITEMS[24])
    expect(_paper_box(page, "Påvirkning: belastning")).to_have_value(PAPER_IMPACT[1])
    page.keyboard.press("Enter")  # submits the form

    expect(page).to_have_url(f"{live_server.url}/boern/{cast.child.pk}/spoergeskemaer/")
    expect(page.get_by_role("status")).to_have_text("Papirskemaet er indtastet, og scoren er beregnet.")
    _expect_side_by_side(page, PAPER_SCORES)
    history = page.get_by_role("table", name="Alle besvarede spørgeskemaer").locator("tbody tr")
    expect(history.get_by_role("cell").nth(3)).to_have_text("Papirskema indtastet af en fagperson")
    response = Response.objects.get()
    assert (response.source, response.entered_by, response.gate) == ("paper", cast.pedagogue, 1)
    assert response.answers == {str(n): int(d) for n, d in enumerate(PAPER_ITEMS, start=1)}
    assert_accessible(page)


def test_a_digit_off_the_scale_gets_a_danish_error_and_keeps_the_other_answers(
    danish_page: Page, live_server, cast: Cast
) -> None:
    page = danish_page
    login(page, live_server, "pia")
    page.goto(f"{live_server.url}/boern/{cast.child.pk}/spoergeskemaer/papir/?skema={PARENT}")
    _paper_box(page, "SDQ spørgsmål 1").focus()
    typed = PAPER_ITEMS[:6] + "7" + PAPER_ITEMS[7:]  # a slip of the finger on item 7
    page.keyboard.type(typed + PAPER_IMPACT)
    page.get_by_role("button", name="Gem og beregn score").click()

    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Ret venligst følgende")
    expect(errors.get_by_role("link")).to_have_text(["SDQ spørgsmål 7: Svar med en af 0, 1, 2."])
    box = _paper_box(page, "SDQ spørgsmål 7")
    expect(box).to_have_value("7")
    expect(box).to_have_accessible_description("Svar med en af 0, 1, 2.")
    for number, digit in enumerate(typed, start=1):
        if number != 7:
            expect(_paper_box(page, f"SDQ spørgsmål {number}")).to_have_value(digit)
    expect(_paper_box(page, "Påvirkning: fritiden")).to_have_value(PAPER_IMPACT[-1])
    assert not Response.objects.exists()
    assert_accessible(page)

    errors.get_by_role("link").click()  # the summary leads to the box
    expect(box).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("Backspace")
    page.keyboard.type(PAPER_ITEMS[6])
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Papirskemaet er indtastet, og scoren er beregnet.")
    _expect_side_by_side(page, PAPER_SCORES)


def test_a_parent_answers_in_the_portal_and_the_questionnaire_leaves_the_list(
    danish_page: Page, live_server, cast: Cast
) -> None:
    request_create(
        actor=cast.pedagogue, child=cast.child, instrument=instrument(), respondent="parent",
        due=today() + datetime.timedelta(days=14),
        guardian=cast.mother,
    )  # fmt: skip
    page = danish_page
    login(page, live_server, "mette")
    page.get_by_role("link", name="Emma Nielsen").click()
    expect(page.get_by_role("heading", name="Spørgeskemaer til dig")).to_be_visible()
    page.get_by_role("link", name=PARENT_FORM).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PARENT_FORM)
    assert_accessible(page)
    _answer(page, LINK_ANSWERS)
    gate = page.get_by_role("group", name="Påvirkning: vanskeligheder i det hele taget", exact=True)
    gate.get_by_label("Nej", exact=True).check()
    page.get_by_role("button", name="Send mine svar").click()

    expect(page).to_have_url(f"{live_server.url}/portal/boern/{cast.child.pk}/")
    expect(page.get_by_role("status")).to_have_text("Tak. Dine svar er sendt.")
    expect(page.get_by_role("heading", name="Spørgeskemaer til dig")).to_have_count(0)
    expect(page.get_by_role("link", name=PARENT_FORM)).to_have_count(0)
    response = Response.objects.get()
    assert (response.source, response.entered_by, response.submitted_at is not None) == ("portal", cast.parent, True)
    assert_accessible(page)
