"""The round's report: the PDF's text and the workbook's cells, read back."""

from __future__ import annotations

import datetime
import io

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from trivsel.reviews.models import DevelopmentAction
from trivsel.reviews.report import report_context, report_pdf, report_xlsx
from trivsel.reviews.results import Heatmap
from trivsel.reviews.testing import add_case, make_review_round, make_schema, review_raters
from trivsel.testing import factories as f

S, C, N = "strength", "challenge", "not_relevant"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def review_round(db):
    """Case 1 is Emma's, with comments; cases 2–6 are external. The second rater rated case 1's a1.

    a1: 6 strengths · a2: 6 challenges · a3: 5 strengths, 1 not relevant · b1: one "2", five "3".
    """
    review_round = make_review_round(make_schema(), name="Sagsgennemgang forår 2026", stratify_by="unit")
    emma = f.ChildFactory(first_name="Emma", last_name="Nielsen")
    comments = {"a1": "Emma virker glad om morgenen", "a2": '=HYPERLINK("http://example.org")'}
    add_case(review_round, 1, {"a1": S, "a2": C, "a3": N, "b1": "2"}, {"a1": C}, child=emma, comments=comments)
    for number in range(2, 7):
        add_case(review_round, number, {"a1": S, "a2": C, "a3": S, "b1": "3"})
    lead, _ = review_raters()
    DevelopmentAction.objects.create(
        round=review_round,
        title="Fælles sprog om tidlige tegn",
        owner=lead,
        due_on=datetime.date(2026, 10, 1),
        created_by=lead,
    )
    return review_round


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_pdf_shows_the_round_its_results_and_actions(review_round):
    pdf = report_pdf(review_round)
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "Sagsgennemgang forår 2026",
        "01-01-2026–30-06-2026",
        "Analyseskema (version 1)",
        "How often each criterion is a strength or a challenge",
        "Challenges first",
        "Agreement between the two raters",
        "There is no earlier round of this schema to compare with.",
        "Fælles sprog om tidlige tegn",
    ):
        assert expected in text
    assert "Emma" not in text and "Nielsen" not in text


def test_pdf_template_colours_cells_and_writes_their_numbers(review_round):
    context = report_context(review_round)
    grouped = context["grouped"]
    assert isinstance(grouped, Heatmap) and grouped.by == "unit"  # the round's stratum
    html = render_to_string("reviews/report_pdf.html", context)
    assert '<td class="n heat-0">0 · 0 %</td>' in html  # a1: no challenges
    assert '<td class="n heat-4">6 · 100 %</td>' in html  # a2: all challenges
    assert '<td class="n heat-hidden">&lt;5 · hidden</td>' in html  # b1: one challenge


def test_xlsx_has_one_row_per_submitted_rating_by_case_number_only(review_round):
    workbook = load_workbook(io.BytesIO(report_xlsx(review_round)))
    assert workbook.sheetnames == ["Ratings", "Heatmap", "Agreement"]
    rows = _rows(workbook["Ratings"])
    assert rows[:6] == [
        ["Case", "Rater", "Theme", "Criterion", "Question", "Value", "Label", "Comment"],
        [1, 1, "Tidlig opsporing", "a1", "Spørgsmål a1", "strength", "Strength", "[…] virker glad om morgenen"],
        [
            1,
            1,
            "Tidlig opsporing",
            "a2",
            "Spørgsmål a2",
            "challenge",
            "Challenge",
            '\'=HYPERLINK("http://example.org")',
        ],
        [1, 1, "Tidlig opsporing", "a3", "Spørgsmål a3", "not_relevant", "Not relevant", None],
        [1, 1, "Samarbejde", "b1", "Spørgsmål b1", "2", "2 – more of a challenge", None],
        [1, 2, "Tidlig opsporing", "a1", "Spørgsmål a1", "challenge", "Challenge", None],
    ]
    assert rows[6] == [2, 1, "Tidlig opsporing", "a1", "Spørgsmål a1", "strength", "Strength", None]
    assert len(rows) == 1 + 4 + 1 + 5 * 4
    assert workbook["Ratings"]["H3"].data_type == "s"  # text, not a formula


def test_anonymised_xlsx_names_no_child_anywhere(review_round):
    workbook = load_workbook(io.BytesIO(report_xlsx(review_round)))
    cells = [str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert not [v for v in cells if "Emma" in v or "Nielsen" in v]


def test_xlsx_with_names_adds_the_childs_name(review_round):
    rows = _rows(load_workbook(io.BytesIO(report_xlsx(review_round, anonymised=False)))["Ratings"])
    assert rows[0][-2:] == ["Comment", "Child"]
    assert rows[1][-2:] == ["Emma virker glad om morgenen", "Emma Nielsen"]
    assert rows[6][-1] is None  # an external case has no name here


def test_xlsx_heatmap_and_agreement_are_the_suppressed_figures(review_round):
    workbook = load_workbook(io.BytesIO(report_xlsx(review_round)))
    assert _rows(workbook["Heatmap"]) == [
        [
            "Theme",
            "Criterion",
            "Question",
            "Strength",
            "Challenge",
            "Not relevant",
            "Rated",
            "Strength (%)",
            "Challenge (%)",
            "Not relevant (%)",
        ],
        ["Tidlig opsporing", "a1", "Spørgsmål a1", 6, 0, 0, 6, "100 %", "0 %", "0 %"],
        ["Tidlig opsporing", "a2", "Spørgsmål a2", 0, 6, 0, 6, "0 %", "100 %", "0 %"],
        # 1 not relevant is hidden, and the 5 strengths with it (6 − 0 − 5 would tell it).
        ["Tidlig opsporing", "a3", "Spørgsmål a3", "<5", 0, "<5", 6, "hidden", "0 %", "hidden"],
        ["Samarbejde", "b1", "Spørgsmål b1", "<5", "<5", 0, 6, "hidden", "hidden", "0 %"],
    ]
    assert _rows(workbook["Agreement"]) == [
        ["Criterion", "Question", "Cases rated by both", "Observed agreement (%)", "Kappa"],
        ["a1", "Spørgsmål a1", "<5", "–", "–"],
        ["a2", "Spørgsmål a2", 0, "–", "–"],
        ["a3", "Spørgsmål a3", 0, "–", "–"],
        ["b1", "Spørgsmål b1", 0, "–", "–"],
    ]
