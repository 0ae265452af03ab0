"""SDQ scoring exactly as domain.md §4 (Goodman; youthinmind's scoring rules).

- Answers 0/1/2; reverse-scored items count 2/1/0.
- A scale (5 items) is scored when at least ``prorate_min_answered`` (3) items are answered:
  the mean of the answered items × 5, rounded half up — ``floor(x + 0.5)``, in exact integers,
  so 2 points on 4 items (2.5) gives 3, and 4 points on 3 items (6.67) gives 7. Fewer answered:
  the scale is missing.
- Total difficulties = emotional + conduct + hyperactivity + peer, missing if one of them is;
  externalising = conduct + hyperactivity; internalising = emotional + peer.
- Impact: 0 when the answer to "difficulties?" is No; otherwise the points of the impact items
  ("Not at all" and "Only a little" 0, "Quite a lot" 1, "A great deal" 2); missing when the
  question or any impact item is unanswered.
- Each score gets its band (4 bands, from the instrument's norms) when the norms have one.

Trivsel's own questionnaires (kind ``experience``) use the same prorating, on a scale of
0–``scale_maximum``: the mean of the answered items' points as a share of the top answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from trivsel.questionnaires.change import PROSOCIAL
from trivsel.questionnaires.instruments import Definition


@dataclass(frozen=True)
class ScoreResult:
    """Scale and composite scores (None when missing) and their bands (index 0–3, None without norms)."""

    scores: dict[str, int | None]
    bands: dict[str, int | None]

    def band_label(self, definition: Definition, code: str) -> str:
        band = self.bands.get(code)
        if band is None or definition.norms is None:
            return ""
        labels = definition.norms.prosocial_labels if code == PROSOCIAL else definition.norms.labels
        return labels[band]


def half_up(numerator: int, denominator: int) -> int:
    """``floor(numerator / denominator + 1/2)`` without floats (a bulk import scores millions of scales)."""
    return (2 * numerator + denominator) // (2 * denominator)


def item_points(definition: Definition, item: int, answer: int) -> int:
    return definition.top_answer - answer if item in definition.reverse else answer


def scale_score(definition: Definition, items: tuple[int, ...], answers: Mapping[int, int | None]) -> int | None:
    answered = [item_points(definition, n, a) for n in items if (a := answers.get(n)) is not None]
    if len(answered) < definition.prorate_min_answered:
        return None
    if definition.scale_maximum is not None:
        return half_up(sum(answered) * definition.scale_maximum, len(answered) * definition.top_answer)
    return half_up(sum(answered) * len(items), len(answered))


def impact_score(definition: Definition, gate: int | None, impact: Mapping[str, int | None]) -> int | None:
    if gate is None or definition.impact is None:
        return None
    if gate == 0:
        return 0
    values = [impact.get(code) for code in definition.impact.items]
    if any(v is None for v in values):
        return None
    return sum(definition.impact.points[v] for v in values if v is not None)


def band(definition: Definition, code: str, score: int | None) -> int | None:
    if score is None or definition.norms is None or code not in definition.norms.bands:
        return None
    return next((i for i, (low, high) in enumerate(definition.norms.bands[code]) if low <= score <= high), None)


def score(
    definition: Definition,
    answers: Mapping[int, int | None],
    *,
    gate: int | None = None,
    impact: Mapping[str, int | None] | None = None,
) -> ScoreResult:
    """All scores of one response; ``answers`` maps item number to answer value (None: unanswered)."""
    scores: dict[str, int | None] = {s.code: scale_score(definition, s.items, answers) for s in definition.scales}
    for composite in definition.composites:
        parts = [scores.get(code) for code in composite.scales]
        scores[composite.code] = None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
    if definition.impact is not None:
        scores["impact"] = impact_score(definition, gate, impact or {})
    return ScoreResult(scores=scores, bands={code: band(definition, code, value) for code, value in scores.items()})
