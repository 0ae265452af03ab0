"""Questionnaire definitions as data: one JSON file per instrument version (``data/*.json``).

An SDQ file (kind ``sdq``) holds item numbers (never their text: domain.md §4), the answer
values, the reverse-scored items, the scales with their items, the prorating rule, the composite
scores, the impact supplement, the norm bands with their source, the norm's SD and reliability
per scale for the reliable change index (``norms.change``) and, for the parent version, the
added-value formula. Trivsel's own questionnaires (kind ``experience``) carry their texts
(``texts``) and score each scale 0–``scale_maximum``. ``instrument_validate`` checks a file and
names every problem; ``instrument_read`` turns a valid one into a ``Definition``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from trivsel.lib.datafile import read_json
from trivsel.questionnaires.change import AddedValueFormula, ChangeConfig

DATA = Path(__file__).resolve().parent / "data"
KINDS = ("sdq", "experience")
INFORMANTS = ("parent", "teacher", "self")
BAND_COUNT = 4
_KEYS = {
    "code", "name", "kind", "informant", "age_from", "age_to", "licence", "items", "answers", "reverse",
    "scales", "prorate_min_answered", "composites", "impact", "norms", "norms_note", "texts", "scale_maximum",
    "added_value",
}  # fmt: skip
_ADDED_VALUE_KEYS = {"constant", "baseline_total", "baseline_impact", "baseline_emotional", "months_from", "months_to"}


@dataclass(frozen=True)
class Option:
    value: int
    label: str


def _options(answers: Sequence[Mapping[str, Any]]) -> tuple[Option, ...]:
    return tuple(Option(a["value"], a.get("label", str(a["value"]))) for a in answers)


@dataclass(frozen=True)
class Scale:
    code: str
    label: str
    items: tuple[int, ...]


@dataclass(frozen=True)
class Composite:
    code: str
    label: str
    scales: tuple[str, ...]


@dataclass(frozen=True)
class Impact:
    label: str
    items: tuple[str, ...]
    gate_answers: tuple[Option, ...]
    answers: tuple[Option, ...]
    # answer value -> points (e.g. "Not at all" and "Only a little" both 0)
    points: Mapping[int, int]

    @property
    def gate_values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.gate_answers)

    @property
    def maximum(self) -> int:
        return max(self.points.values()) * len(self.items)


@dataclass(frozen=True)
class Norms:
    source: str
    labels: tuple[str, ...]
    prosocial_labels: tuple[str, ...]
    bands: Mapping[str, tuple[tuple[int, int], ...]]
    change: Mapping[str, ChangeConfig]
    change_source: str


@dataclass(frozen=True)
class AddedValue:
    formula: AddedValueFormula
    months_from: int  # the follow-up's distance from the baseline, in whole months
    months_to: int


@dataclass(frozen=True)
class Definition:
    code: str
    name: str
    kind: str
    informant: str
    age_from: int
    age_to: int
    items: int
    answers: tuple[Option, ...]
    reverse: frozenset[int]
    scales: tuple[Scale, ...]
    prorate_min_answered: int
    composites: tuple[Composite, ...]
    impact: Impact | None
    norms: Norms | None
    texts: Mapping[str, str]  # an own questionnaire's wording, by item number
    scale_maximum: int | None  # None: a scale's score is the sum of its items
    added_value: AddedValue | None

    @cached_property
    def answer_values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.answers)

    @cached_property
    def top_answer(self) -> int:
        return max(self.answer_values)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _scale_errors(data: Mapping[str, Any]) -> list[str]:
    errors: list[str] = []
    items = data.get("items")
    scales = data.get("scales")
    if not isinstance(scales, list) or not scales:
        return ['"scales" must be a non-empty list']
    seen: set[int] = set()
    for index, scale in enumerate(scales, start=1):
        numbers = scale.get("items") if isinstance(scale, dict) else None
        if not isinstance(scale, dict) or not isinstance(scale.get("code"), str) or not isinstance(numbers, list):
            errors.append(f"scale {index}: must have a code and a list of items")
            continue
        bad = [n for n in numbers if not _is_int(n) or not (_is_int(items) and 1 <= n <= items)]
        if bad:
            errors.append(f"scale {scale['code']!r}: items {bad} are not item numbers 1 to {items}")
        twice = sorted(seen & set(numbers))
        if twice:
            errors.append(f"scale {scale['code']!r}: items {twice} are already in another scale")
        seen |= {n for n in numbers if _is_int(n)}
    return errors


def _maxima(data: Mapping[str, Any]) -> dict[str, int]:
    """The highest possible value of each scale, composite and the impact score."""
    top = max((a["value"] for a in data["answers"]), default=0)
    maxima = {s["code"]: data.get("scale_maximum") or len(s["items"]) * top for s in data["scales"]}
    for composite in data.get("composites", []):
        maxima[composite["code"]] = sum(maxima.get(code, 0) for code in composite["scales"])
    impact = data.get("impact")
    if impact:
        maxima["impact"] = len(impact["items"]) * max((a["score"] for a in impact["answers"]), default=0)
    return maxima


def _norm_errors(data: Mapping[str, Any], scale_codes: set[str]) -> list[str]:
    norms = data.get("norms")
    if norms is None:
        return []
    if not isinstance(norms, dict) or not isinstance(norms.get("bands"), dict) or not norms.get("source"):
        return ['"norms" must name its "source" and give "bands" per scale (or be null)']
    errors: list[str] = []
    for code, bands in norms["bands"].items():
        if code not in scale_codes:
            errors.append(f"norms: {code!r} is not a scale or score of the instrument")
            continue
        ranges = (
            sorted(tuple(b) for b in bands)
            if isinstance(bands, list) and all(isinstance(b, list) and len(b) == 2 for b in bands)
            else []
        )
        if len(ranges) != BAND_COUNT:
            errors.append(f"norms: {code!r} must have {BAND_COUNT} bands of [from, to]")
            continue
        for (_low, high), (low, _high) in itertools.pairwise(ranges):
            if low != high + 1:
                errors.append(f"norms: the bands of {code!r} leave a gap or overlap at {high}–{low}")
        maximum = _maxima(data).get(code)
        if (ranges[0][0], ranges[-1][1]) != (0, maximum):
            errors.append(f"norms: the bands of {code!r} must run from 0 to {maximum}")
    return errors + _change_errors(norms.get("change", {}), scale_codes)


def _change_errors(change: Any, scale_codes: set[str]) -> list[str]:
    if not isinstance(change, dict):
        return ['norms: "change" must give {"sd", "reliability"} per scale']
    errors = []
    for code, config in change.items():
        if code not in scale_codes:
            errors.append(f"norms: change: {code!r} is not a scale or score of the instrument")
            continue
        sd, reliability = (config.get("sd"), config.get("reliability")) if isinstance(config, dict) else (None, None)
        if not (
            isinstance(sd, int | float) and sd > 0 and isinstance(reliability, int | float) and 0 < reliability < 1
        ):
            errors.append(f'norms: change: {code!r} needs an "sd" above 0 and a "reliability" between 0 and 1')
    return errors


def _added_value_errors(data: Mapping[str, Any]) -> list[str]:
    added = data.get("added_value")
    if added is None:
        return []
    if not isinstance(added, dict) or set(added) != _ADDED_VALUE_KEYS:
        return [f'"added_value" must give exactly {", ".join(sorted(_ADDED_VALUE_KEYS))}']
    if any(not isinstance(v, int | float) or isinstance(v, bool) for v in added.values()):
        return ['"added_value" must hold numbers']
    if not 0 < added["months_from"] <= added["months_to"]:
        return ['"added_value": "months_from" must be above 0 and not after "months_to"']
    return []


def _kind_errors(data: Mapping[str, Any]) -> list[str]:
    """An SDQ has the impact supplement and no texts; an own questionnaire is the other way round."""
    errors = []
    impact = data.get("impact")
    texts = data.get("texts")
    if data.get("kind") == "sdq":
        if not isinstance(impact, dict) or not impact.get("items") or not isinstance(impact.get("answers"), list):
            errors.append('"impact" must give its items and answers with points')
        if texts:
            errors.append('"texts": an SDQ file must not hold item texts (load them with load_instrument_texts)')
        return errors
    if impact is not None:
        errors.append(f'"impact" belongs to the SDQ, not to kind {data.get("kind")!r}')
    expected = {str(n) for n in range(1, data["items"] + 1)}
    if (
        not isinstance(texts, dict)
        or set(texts) != expected
        or not all(isinstance(t, str) and t for t in texts.values())
    ):
        errors.append(f'"texts" must give the text of each item 1 to {data["items"]}')
    if not _is_int(data.get("scale_maximum")) or data["scale_maximum"] < 1:
        errors.append('"scale_maximum" must be the highest score of a scale')
    return errors


def instrument_validate(data: Any) -> list[str]:
    """Every problem in a definition, each naming its part; empty when valid."""
    if not isinstance(data, dict):
        return ["the file must be an object"]
    errors = [f"unknown key {key!r}" for key in sorted(set(data) - _KEYS)]
    for key in ("code", "name"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            errors.append(f'"{key}" must not be empty')
    if data.get("kind") not in KINDS:
        errors.append(f'"kind" must be one of {", ".join(KINDS)}')
    if data.get("informant") not in INFORMANTS:
        errors.append(f'"informant" must be one of {", ".join(INFORMANTS)}')
    if not (_is_int(data.get("age_from")) and _is_int(data.get("age_to")) and data["age_from"] <= data["age_to"]):
        errors.append('"age_from" and "age_to" must be whole years, from before to')
    if not _is_int(data.get("items")) or data["items"] < 1:
        errors.append('"items" must be the number of items')
        return errors
    answers = data.get("answers")
    if not isinstance(answers, list) or not all(isinstance(a, dict) and _is_int(a.get("value")) for a in answers):
        errors.append('"answers" must be a list of {"value", "label"}')
    reverse = data.get("reverse", [])
    if not isinstance(reverse, list) or any(not _is_int(n) or not 1 <= n <= data["items"] for n in reverse):
        errors.append(f'"reverse" must list item numbers 1 to {data["items"]}')
    errors += _scale_errors(data)
    if not _is_int(data.get("prorate_min_answered")) or data["prorate_min_answered"] < 1:
        errors.append('"prorate_min_answered" must be a whole number of items')
    scale_codes = {s.get("code") for s in data.get("scales", []) if isinstance(s, dict)}
    for composite in data.get("composites", []):
        unknown = [c for c in composite.get("scales", []) if c not in scale_codes]
        if unknown:
            errors.append(f"composite {composite.get('code')!r}: unknown scales {unknown}")
    errors += (_kind_errors(data) if data.get("kind") in KINDS else []) + _added_value_errors(data)
    if errors:
        return errors  # the norms are checked against a well-formed definition
    codes = (
        scale_codes | {c.get("code") for c in data.get("composites", [])} | ({"impact"} if data["impact"] else set())
    )
    return _norm_errors(data, {c for c in codes if isinstance(c, str)})


def definition_of(data: Mapping[str, Any]) -> Definition:
    """A definition already validated when it was loaded (an ``Instrument`` row's JSON)."""
    return _definition(data)


def _impact(impact: Mapping[str, Any] | None) -> Impact | None:
    if impact is None:
        return None
    return Impact(
        label=impact.get("label", "impact"),
        items=tuple(impact["items"]),
        gate_answers=_options(impact.get("gate_answers", [])),
        answers=_options(impact["answers"]),
        points={a["value"]: a["score"] for a in impact["answers"]},
    )


def _norms(norms: Mapping[str, Any] | None) -> Norms | None:
    if norms is None:
        return None
    return Norms(
        source=norms["source"],
        labels=tuple(norms.get("labels", [])),
        prosocial_labels=tuple(norms.get("prosocial_labels", norms.get("labels", []))),
        bands={code: tuple(tuple(b) for b in bands) for code, bands in norms["bands"].items()},
        change={code: ChangeConfig(c["sd"], c["reliability"]) for code, c in norms.get("change", {}).items()},
        change_source=norms.get("change_source", ""),
    )


def _added_value(added: Mapping[str, Any] | None) -> AddedValue | None:
    if added is None:
        return None
    formula = AddedValueFormula(
        added["constant"], added["baseline_total"], added["baseline_impact"], added["baseline_emotional"]
    )
    return AddedValue(formula, added["months_from"], added["months_to"])


def _definition(data: Mapping[str, Any]) -> Definition:
    return Definition(
        code=data["code"],
        name=data["name"],
        kind=data["kind"],
        informant=data["informant"],
        age_from=data["age_from"],
        age_to=data["age_to"],
        items=data["items"],
        answers=_options(data["answers"]),
        reverse=frozenset(data.get("reverse", [])),
        scales=tuple(Scale(s["code"], s.get("label", s["code"]), tuple(s["items"])) for s in data["scales"]),
        prorate_min_answered=data["prorate_min_answered"],
        composites=tuple(
            Composite(c["code"], c.get("label", c["code"]), tuple(c["scales"])) for c in data.get("composites", [])
        ),
        impact=_impact(data.get("impact")),
        norms=_norms(data.get("norms")),
        texts=dict(data.get("texts") or {}),
        scale_maximum=data.get("scale_maximum"),
        added_value=_added_value(data.get("added_value")),
    )


def instrument_read(path: Path) -> Definition:
    """A valid definition file as a ``Definition``; otherwise ValidationError naming the file and each problem."""
    data = read_json(path)
    errors = instrument_validate(data)
    if errors:
        raise ValidationError([f"{path.name}: {e}" for e in errors])
    return _definition(data)


def shipped() -> Sequence[Definition]:
    """The instrument versions that come with Trivsel."""
    return [instrument_read(path) for path in sorted(DATA.glob("*.json"))]
