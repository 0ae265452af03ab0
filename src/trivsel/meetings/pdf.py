"""PDFs for the journal (WeasyPrint, the machine's Pango): a child's agenda item with its minutes
and agreements, and a meeting's agenda. Each is rendered for the user asking, so an item they see
anonymously is anonymous in the PDF too."""

from __future__ import annotations

from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from trivsel.meetings.models import Agreement, Meeting
from trivsel.meetings.selectors import ItemRow
from trivsel.organisation.models import Municipality


def _render(template: str, context: dict[str, object]) -> bytes:
    municipality = Municipality.objects.only("name").first()
    html = render_to_string(template, {**context, "municipality": municipality, "printed": timezone.localtime()})
    return HTML(string=html).write_pdf()


def agenda_pdf(*, meeting: Meeting, rows: Sequence[ItemRow]) -> bytes:
    return _render("meetings/pdf/agenda.html", {"meeting": meeting, "rows": rows})


def item_pdf(*, row: ItemRow, agreements: Sequence[Agreement]) -> bytes:
    return _render(
        "meetings/pdf/item.html", {"row": row, "item": row.item, "meeting": row.item.meeting, "agreements": agreements}
    )
