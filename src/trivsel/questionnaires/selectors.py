"""Reads of questionnaires: the questions of a form, a link's request, and a child's scores.

A child's page shows the latest scores of each respondent side by side (parent, teacher, the
young person), the history of every submitted response and the total difficulties over time.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children.access import current_enrolments
from trivsel.children.models import Child, Guardian
from trivsel.lib.linechart import Chart, Line, line_chart
from trivsel.lib.time import age_on, today
from trivsel.organisation.models import Membership
from trivsel.questionnaires.change import PROSOCIAL, Direction, ReliableChange
from trivsel.questionnaires.instruments import Definition, Option, definition_of
from trivsel.questionnaires.models import (
    Instrument,
    InstrumentKind,
    ItemText,
    QuestionnaireRequest,
    Respondent,
    Response,
    Score,
)
from trivsel.questionnaires.services import IMPACT_TOPICS, token_digest

SHOWN_SCALES = ("total", "emotional", "conduct", "hyperactivity", "peer", PROSOCIAL, "impact")
LINK_PURPOSE = "questionnaire_link"
DIRECTION_LABELS = {
    Direction.IMPROVED: _("Reliable improvement"),
    Direction.WORSENED: _("Reliable worsening"),
    Direction.NO_RELIABLE_CHANGE: _("No reliable change"),
}


@dataclass(frozen=True)
class Question:
    key: str  # "1"–"25", "gate" or an impact item's code: the answer's key and the form field's suffix
    label: str  # "SDQ item 7" or the licensed text
    options: tuple[Option, ...]
    is_impact: bool


def instrument_questions(instrument: Instrument) -> list[Question]:
    """The items, then the impact supplement; with the licensed texts where the municipality loaded them."""
    definition = definition_of(instrument.definition)
    texts = dict(ItemText.objects.filter(instrument=instrument).values_list("key", "text"))

    def label(key: str, fallback: str) -> str:
        return texts.get(key) or definition.texts.get(key) or fallback

    questions = [
        Question(str(n), label(str(n), str(_("SDQ item %(n)d") % {"n": n})), definition.answers, False)
        for n in range(1, definition.items + 1)
    ]
    impact = definition.impact
    if impact is None:
        return questions
    questions.append(Question("gate", label("gate", _topic("gate")), impact.gate_answers, True))
    questions += [Question(code, label(code, _topic(code)), impact.answers, True) for code in impact.items]
    return questions


def _topic(code: str) -> str:
    return str(_("Impact: %(topic)s") % {"topic": IMPACT_TOPICS.get(code, code)})


def instruments_for(child: Child, on: datetime.date) -> QuerySet[Instrument]:
    age = age_on(child.birth_date, on)
    return Instrument.objects.filter(age_from__lte=age, age_to__gte=age).order_by("informant", "code")


def custody_guardians(child: Child) -> QuerySet[Guardian]:
    return Guardian.objects.filter(guardianships__child=child, guardianships__has_custody=True).order_by(
        "first_name", "id"
    )


def respondent_professionals(child: Child) -> QuerySet[User]:
    """Who may answer a pedagogue or teacher questionnaire: the staff of the units the child attends now."""
    unit_ids = current_enrolments().filter(child=child).values("unit_id")
    day = today()
    staff = Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day, unit_id__in=unit_ids)
    return User.objects.filter(is_active=True, guardian__isnull=True, pk__in=staff.values("user_id")).order_by(
        "first_name", "last_name", "username"
    )


def request_by_token(token: str) -> QuestionnaireRequest | None:
    """The open request a link belongs to, or None; either way logged (a bad link with its child when known).

    Guessed, expired, reused and cancelled links all look the same to the person holding them.
    """
    digest = token_digest(token) if 20 <= len(token) <= 64 else ""
    request = (
        QuestionnaireRequest.objects.select_related("child", "instrument").filter(token_digest=digest).first()
        if digest
        else None
    )
    usable = (
        request is not None
        and request.is_open
        and request.token_expires_at is not None
        and request.token_expires_at > timezone.now()
    )
    if request is None or not usable:
        log_access(
            actor=None,
            action=Action.DENIED,
            child_id=request.child_id if request else None,
            obj=request,
            purpose=LINK_PURPOSE,
            status=404,
        )
        return None
    log_access(actor=None, action=Action.READ, child_id=request.child_id, obj=request, purpose=LINK_PURPOSE)
    return request


def request_get(*, child: Child, request_id: int) -> QuestionnaireRequest:
    return get_object_or_404(
        QuestionnaireRequest.objects.select_related("instrument", "guardian", "professional"),
        pk=request_id,
        child=child,
    )


def draft_for(request: QuestionnaireRequest) -> Response | None:
    return Response.objects.filter(request=request, submitted_at__isnull=True).first()


@dataclass(frozen=True)
class Cell:
    value: int | None
    band: int | None
    band_label: str


@dataclass(frozen=True)
class ComparisonRow:
    scale: str
    label: str
    cells: list[Cell]  # one per respondent column


@dataclass(frozen=True)
class HistoryRow:
    response: Response
    cells: list[Cell]  # in SHOWN_SCALES order


@dataclass(frozen=True)
class ChangeCell:
    """The latest total against the one before it from the same kind of respondent."""

    since: datetime.date
    change: ReliableChange

    @property
    def label(self) -> str:
        return str(DIRECTION_LABELS[self.change.direction])


@dataclass(frozen=True)
class ExperienceRow:
    response: Response
    value: int | None


@dataclass(frozen=True)
class ChildQuestionnaires:
    open_requests: list[QuestionnaireRequest]
    respondents: list[tuple[str, str]]  # the columns of the comparison: (respondent, label)
    latest: list[Response]
    comparison: list[ComparisonRow]
    changes: list[ChangeCell | None]  # per respondent column
    history: list[HistoryRow]
    chart: Chart
    norm_sources: list[str]
    change_sources: list[str]
    experience: list[ExperienceRow]


def _label_of(definition: Definition, scale: str) -> str:
    for s in definition.scales:
        if s.code == scale:
            return s.label
    for c in definition.composites:
        if c.code == scale:
            return c.label
    return definition.impact.label if scale == "impact" and definition.impact is not None else scale


def _cell(definition: Definition, score: Score | None) -> Cell:
    if score is None:
        return Cell(None, None, "")
    labels: Sequence[str] = ()
    if definition.norms is not None:
        labels = definition.norms.prosocial_labels if score.scale == PROSOCIAL else definition.norms.labels
    band_label = labels[score.band] if score.band is not None and score.band < len(labels) else ""
    return Cell(score.value, score.band, band_label)


def _cells(response: Response) -> list[Cell]:
    definition = definition_of(response.instrument.definition)
    by_scale = {s.scale: s for s in response.scores.all()}
    return [_cell(definition, by_scale.get(scale)) for scale in SHOWN_SCALES]


def child_questionnaires(child: Child) -> ChildQuestionnaires:
    """Everything the child's questionnaire page shows, in a fixed number of queries."""
    open_requests = list(
        child.questionnaire_requests.filter(answered_at__isnull=True, cancelled_at__isnull=True)
        .select_related("instrument", "guardian", "professional", "requested_by")
        .order_by("due", "id")
    )
    responses = list(
        child.questionnaire_responses.filter(submitted_at__isnull=False)
        .select_related("instrument", "entered_by")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("scale")))
        .order_by("-measured_on", "-id")
    )
    experience = [
        ExperienceRow(r, next((s.value for s in r.scores.all()), None))
        for r in responses
        if r.instrument.kind == InstrumentKind.EXPERIENCE
    ]
    history = [HistoryRow(r, _cells(r)) for r in responses if r.instrument.kind == InstrumentKind.SDQ]
    latest_by: dict[str, HistoryRow] = {}
    for row in history:
        latest_by.setdefault(row.response.respondent, row)
    respondents = [(code, str(label)) for code, label in Respondent.choices if code in latest_by]
    comparison = []
    for index, scale in enumerate(SHOWN_SCALES):
        label = next(
            (_label_of(definition_of(r.response.instrument.definition), scale) for r in latest_by.values()), ""
        )
        cells = [latest_by[code].cells[index] for code, _label in respondents]
        comparison.append(ComparisonRow(scale, label, cells))
    lines = [
        Line(
            code,
            str(label),
            sorted(
                (r.response.measured_on, value)
                for r in history
                if r.response.respondent == code and (value := r.cells[0].value) is not None
            ),
        )
        for code, label in Respondent.choices
    ]
    norms = [n for row in history if (n := definition_of(row.response.instrument.definition).norms) is not None]
    latest = [latest_by[code] for code, _label in respondents]
    return ChildQuestionnaires(
        open_requests=open_requests,
        respondents=respondents,
        latest=[row.response for row in latest],
        comparison=comparison if respondents else [],
        changes=[_change_cell(row, {r.response.pk: r for r in history}) for row in latest],
        history=history,
        chart=line_chart(lines, 0, 40, step=10),
        norm_sources=sorted({n.source for n in norms}),
        change_sources=sorted({n.change_source for n in norms if n.change_source}),
        experience=experience,
    )


def _change_cell(row: HistoryRow, by_id: dict[int, HistoryRow]) -> ChangeCell | None:
    """The reliable change of the total since the baseline, when both totals and the index are there."""
    baseline = by_id.get(row.response.baseline_id or 0)
    index = row.response.change_index
    if baseline is None or index is None:
        return None
    before, after = baseline.cells[0].value, row.cells[0].value
    if before is None or after is None:
        return None
    return ChangeCell(baseline.response.measured_on, ReliableChange("total", before, after, index))


def guardian_open_requests(guardian: Guardian, child: Child) -> QuerySet[QuestionnaireRequest]:
    """What a guardian has been asked to answer about the child and has not yet sent."""
    return (
        QuestionnaireRequest.objects.filter(
            guardian=guardian, child=child, answered_at__isnull=True, cancelled_at__isnull=True
        )
        .select_related("instrument")
        .order_by("due", "id")
    )
