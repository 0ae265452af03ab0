"""A review round's report: a PDF for the learning audit, and the ratings as a workbook.

The PDF is rendered by WeasyPrint (the machine's Pango) from an HTML template, as the meetings'
journal PDFs are: DejaVu Sans, the style in the template, no external resources (so no base_url).
It shows the results as ``results`` computes them — suppressed, naming no child — and the round's
development actions.

The workbook has one row per submitted rating. Anonymised (the default) it names each case by its
number only: no name, id, CPR number or external reference, and the child's first and last name are
blanked out of the raters' comments. With ``anonymised=False`` the child's name is added; the
caller decides who may have that.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from weasyprint import HTML

from trivsel.lib.suppression import Cell
from trivsel.organisation.models import Municipality
from trivsel.reviews import results
from trivsel.reviews.models import Rating, ReviewRound
from trivsel.reviews.scales import option
from trivsel.reviews.selectors import round_actions

# A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NAME_BLANKED = "[…]"


def report_pdf(round: ReviewRound) -> bytes:
    """The round's results and development actions as a PDF."""
    html = render_to_string("reviews/report_pdf.html", report_context(round))
    return HTML(string=html).write_pdf()


def report_context(round: ReviewRound, by: str | None = None) -> dict[str, object]:
    """What the PDF and the results page show; the heatmap also ``by`` a grouping (default: the round's
    stratum, when it was sampled by one)."""
    if by is None:
        by = round.stratify_by
    by = by if by in results.GROUPINGS else ""
    return {
        "round": round,
        "by": by,
        "schema": round.schema,
        "municipality": Municipality.objects.only("name").first(),
        "printed": timezone.localtime(),
        "summary": results.summary(round),
        "heatmap": results.heatmap(round),
        "grouped": results.heatmap(round, by=by) if by else None,
        "steps": [
            {"class": f"heat-{n}", "range": f"{100 * n // results.HEAT_STEPS}–{100 * (n + 1) // results.HEAT_STEPS}"}
            for n in range(results.HEAT_STEPS)
        ],
        "challenges": results.challenges_first(round),
        "agreement": results.agreement(round),
        "comparison": results.comparison(round),
        "previous": round.previous,
        "actions": list(round_actions(round)),
    }


def report_xlsx(round: ReviewRound, *, anonymised: bool = True) -> bytes:
    """Sheets "Ratings" (one row per submitted rating), "Heatmap" (the suppressed counts) and "Agreement"."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    _sheet(workbook.create_sheet(_("Ratings")), _rating_header(anonymised), _rating_rows(round, anonymised))
    _sheet(workbook.create_sheet(_("Heatmap")), _heatmap_header(), _heatmap_rows(results.heatmap(round)))
    _sheet(workbook.create_sheet(_("Agreement")), _agreement_header(), _agreement_rows(results.agreement(round)))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def safe(value: object) -> object:
    """A cell's value that a spreadsheet will not run: text starting like a formula gets a leading '
    (openpyxl would even store it as a formula); empty text is an empty cell."""
    if isinstance(value, str):
        if not value:
            return None
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def _sheet(sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    sheet.append([safe(v) for v in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([safe(v) for v in row])


def _rating_header(anonymised: bool) -> list[str]:
    header = [_("Case"), _("Rater"), _("Theme"), _("Criterion"), _("Question"), _("Value"), _("Label"), _("Comment")]
    return header if anonymised else [*header, _("Child")]


def _rating_rows(review_round: ReviewRound, anonymised: bool) -> Iterable[list[object]]:
    rows = (
        Rating.objects.filter(review__case__round=review_round, review__submitted_at__isnull=False)
        .order_by("review__case__number", "review__is_second", "criterion__theme__order", "criterion__order", "id")
        .values_list(
            "review__case__number",
            "review__is_second",
            "criterion__theme__name",
            "criterion__code",
            "criterion__question",
            "criterion__scale",
            "value",
            "comment",
            "review__case__child__first_name",
            "review__case__child__last_name",
        )
    )
    for number, is_second, theme, code, question, scale, value, comment, first_name, last_name in rows:
        found = option(scale, value)
        label = str(found.label) if found else ""
        row: list[object] = [number, 2 if is_second else 1, theme, code, question, value, label]
        if anonymised:
            row.append(_blank_names(comment, [first_name, last_name]))
        else:
            row += [comment, f"{first_name} {last_name}" if first_name is not None else ""]
        yield row


def _blank_names(text: str, names: Sequence[str | None]) -> str:
    """The comment with the child's names blanked out: raters write them without thinking."""
    for name in names:
        if name:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", NAME_BLANKED, text, flags=re.IGNORECASE)
    return text


def _heatmap_header() -> list[str]:
    return [
        _("Theme"),
        _("Criterion"),
        _("Question"),
        _("Strength"),
        _("Challenge"),
        _("Not relevant"),
        _("Rated"),
        _("Strength (%)"),
        _("Challenge (%)"),
        _("Not relevant (%)"),
    ]


def _heatmap_rows(heatmap: results.Heatmap) -> Iterable[list[object]]:
    for row in heatmap.rows:
        counts = row.total
        yield [
            row.theme,
            row.criterion.code,
            row.criterion.question,
            *(_count(c) for c in (counts.strength, counts.challenge, counts.not_relevant, counts.rated)),
            counts.strength_share,
            counts.challenge_share,
            counts.not_relevant_share,
        ]


def _agreement_header() -> list[str]:
    return [_("Criterion"), _("Question"), _("Cases rated by both"), _("Observed agreement (%)"), _("Kappa")]


def _agreement_rows(agreement: Sequence[results.CriterionAgreement]) -> Iterable[list[object]]:
    for line in agreement:
        yield [
            line.criterion.code,
            line.criterion.question,
            _count(line.cases),
            round(100 * line.observed) if line.observed is not None else "–",
            round(line.kappa, 2) if line.kappa is not None else "–",
        ]


def _count(cell: Cell) -> int | str:
    """A number where it is shown, the marker ("<5") where it is hidden."""
    return str(cell) if cell.hidden else cell.value
