"""Storing scores: one ``Score`` row per scale of each submitted response, and each response's change
since the child's previous one (``change.py``).

A child's *series* is their submitted responses from one kind of respondent (parent, professional,
the young person) to one kind of instrument (SDQ, experience), by date. Each response's baseline
is the one before it in its series: the reliable change index of the total compares the two, and
the added value is computed when the instrument has a formula and the two are the formula's months
apart. Storing them lets the effect dashboard count them in the database; they stay fresh because
every scoring recomputes the whole series of the children it touched, so a paper form entered
late for an earlier date moves the baselines after it.

``responses_score`` works on any number of responses in a fixed number of queries per batch, so
that the submission of one form and the bulk import of a hundred thousand use the same code.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.db import transaction

from trivsel.lib.bulk import insert, update
from trivsel.questionnaires.change import added_value, reliable_change_index
from trivsel.questionnaires.instruments import Definition, definition_of
from trivsel.questionnaires.models import Instrument, Response, Score
from trivsel.questionnaires.scoring import ScoreResult, score

BATCH = 10000
CHANGE_FIELDS = ("baseline", "change_index", "added_value")
SCORE_FIELDS = ("response", "child", "instrument", "scale", "value", "band", "measured_on")
SeriesKey = tuple[int, str, str]  # child, respondent, instrument kind
ChangeFields = tuple[int | None, float | None, float | None]  # baseline id, change index, added value


def _result(response: Response, definition: Definition) -> ScoreResult:
    answers = {int(k): v for k, v in response.answers.items()}
    return score(definition, answers, gate=response.gate, impact=response.impact)


@transaction.atomic
def responses_score(responses: Sequence[Response]) -> None:
    """Score submitted responses into ``Score`` rows, then refresh the change measures of their series."""
    definitions = _definitions()
    for start in range(0, len(responses), BATCH):
        batch = responses[start : start + BATCH]
        rows = []
        for response in batch:
            result = _result(response, definitions[response.instrument_id][1])
            rows += [
                (response.pk, response.child_id, response.instrument_id, code, value, result.bands.get(code),
                 response.measured_on)
                for code, value in result.scores.items()
            ]  # fmt: skip
        Score.objects.filter(response__in=[r.pk for r in batch]).delete()
        insert(Score, SCORE_FIELDS, rows)
    series_refresh({r.child_id for r in responses})


class _Series(NamedTuple):
    """A submitted response as its series needs it: plain values, not a model instance (there are many)."""

    pk: int
    child_id: int
    instrument_id: int
    respondent: str
    measured_on: datetime.date
    baseline_id: int | None
    change_index: float | None
    added_value: float | None


def _months_apart(before: _Series, after: _Series) -> int:
    """Whole months between the two dates, as ``relativedelta`` counts them (without its cost per pair)."""
    a, b = before.measured_on, after.measured_on
    short = b.day < a.day and b.day != calendar.monthrange(b.year, b.month)[1]  # 29 Sep → 28 Feb is 5 months
    return (b.year - a.year) * 12 + b.month - a.month - (1 if short else 0)


def _definitions() -> dict[int, tuple[str, Definition]]:
    return {i.pk: (i.kind, definition_of(i.definition)) for i in Instrument.objects.all()}


def _change(
    previous: _Series | None, response: _Series, definition: Definition, totals: dict[int, dict[str, int | None]]
) -> ChangeFields:
    """``response`` against the one before it in its series."""
    if previous is None:
        return None, None, None
    before, after = totals.get(previous.pk, {}), totals.get(response.pk, {})
    config = definition.norms.change.get("total") if definition.norms is not None else None
    total_before, total_after = before.get("total"), after.get("total")
    index = None
    if config is not None and total_before is not None and total_after is not None:
        index = reliable_change_index(total_before, total_after, config)
    value = None
    formula = definition.added_value
    if (
        formula is not None
        and previous.instrument_id == response.instrument_id
        and formula.months_from <= _months_apart(previous, response) <= formula.months_to
    ):
        value = added_value(formula.formula, before, after)
    return previous.pk, index, value


def series_refresh(child_ids: Iterable[int]) -> None:
    """Recompute baseline, change index and added value of every submitted response of these children."""
    ids = sorted(child_ids)
    definitions = _definitions()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        responses = [
            _Series(*row)
            for row in Response.objects.filter(child_id__in=chunk, submitted_at__isnull=False)
            .order_by("child_id", "measured_on", "id")
            .values_list(*_Series._fields)
        ]
        totals: dict[int, dict[str, int | None]] = defaultdict(dict)
        # By child (the index score_child_scale), not by a list of thousands of response ids.
        for response_id, scale, value in Score.objects.filter(
            child_id__in=chunk, scale__in=("total", "impact", "emotional")
        ).values_list("response_id", "scale", "value"):
            totals[response_id][scale] = value
        last: dict[SeriesKey, _Series] = {}
        changed = []
        for response in responses:
            kind, definition = definitions[response.instrument_id]
            key = (response.child_id, response.respondent, kind)
            fresh = _change(last.get(key), response, definition, totals)
            if fresh != (response.baseline_id, response.change_index, response.added_value):
                changed.append((response.pk, *fresh))
            last[key] = response
        update(Response, CHANGE_FIELDS, changed)
