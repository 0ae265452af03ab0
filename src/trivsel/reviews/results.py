"""The results of a review round: how often each criterion is a strength or a challenge, where, how
well the two raters agree, and what changed since the round before.

The analysis schema's overview shows how often strengths and challenges are seen in the cases, and
so where the municipality should put in extra effort. Only submitted reviews count; the counts use
the first rater's ratings, the agreement the cases both raters submitted.

Counting is done in the database (one GROUP BY over the ratings, one over the cases), so the number
of queries does not grow with the number of cases. Every count aggregates children, so it goes
through ``lib.suppression`` (decision 0007): 1–4 shows as "<5", with complementary suppression over
every way the round can be looked at — all cases, by unit, by district, by age band — solved as one
system, so a count hidden in one view cannot be worked out from another (the whole minus the other
groups, or a district from its units). A group of fewer than five cases is hidden as a whole, zeros
included: "all of the three cases in this unit are a challenge" is as telling as the count.

The counts of a round are computed once per round object while its reviews stay the same (see
``_counted``), so a page that shows the heatmap, the ranking and the comparison counts once.

Nothing here names a child.
"""

from __future__ import annotations

import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import reduce

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from trivsel.lib.suppression import THRESHOLD, Cell, is_small, share, suppress_lines
from trivsel.reviews.kappa import cohen_kappa
from trivsel.reviews.models import Criterion, Rating, Review, ReviewCase, ReviewRound
from trivsel.reviews.scales import OPTIONS, Polarity

GROUPINGS = ("unit", "district", "age_band")  # the ``by`` of a heatmap besides "" (all cases)
HEAT_STEPS = 5  # colour classes heat-0 … heat-4, by the share of challenges

# A node is one column group: all cases, or one unit, district or age band (None/"" = not given).
Node = tuple[str, int | str | None]
ROOT: Node = ("", None)
RATED, UNRATED, CASES = "rated", "unrated", "cases"
POLARITIES = (Polarity.STRENGTH, Polarity.CHALLENGE, Polarity.NONE)
CATEGORIES = (*POLARITIES, RATED, UNRATED)
Key = tuple[Node, int, str]  # (node, criterion id, category); the cases of a node have criterion id 0


@dataclass(frozen=True)
class Counts:
    """One criterion in one column group: counts and shares of the ones rated, maybe hidden."""

    strength: Cell
    challenge: Cell
    not_relevant: Cell
    rated: Cell
    strength_share: str
    challenge_share: str
    not_relevant_share: str
    colour: str  # CSS class: heat-0 … heat-4 by the share of challenges, heat-hidden, heat-none

    @property
    def strength_percent(self) -> int | None:
        return _percent(self.strength, self.rated)

    @property
    def challenge_percent(self) -> int | None:
        return _percent(self.challenge, self.rated)


@dataclass(frozen=True)
class Column:
    key: str  # "" for all cases; the unit's or district's id, or the age band; "-" for "not given"
    label: str
    cases: Cell  # cases in the group with a submitted first review
    small: bool  # fewer than five cases: every cell of the group shows "<5"


@dataclass(frozen=True)
class HeatmapRow:
    criterion: Criterion  # with its theme
    cells: tuple[Counts, ...]  # one per column
    total: Counts  # all cases

    @property
    def theme(self) -> str:
        return self.criterion.theme.name


@dataclass(frozen=True)
class Heatmap:
    round: ReviewRound
    by: str
    columns: tuple[Column, ...]
    total: Column
    rows: tuple[HeatmapRow, ...]  # in schema order


@dataclass(frozen=True)
class Ranked:
    criterion: Criterion
    counts: Counts


@dataclass(frozen=True)
class CriterionAgreement:
    criterion: Criterion
    cases: Cell  # cases rated by both raters
    observed: Fraction | None  # share rated alike; None with fewer than five cases
    kappa: float | None  # None with fewer than five cases, or when undefined (see ``kappa``)

    @property
    def observed_text(self) -> str:
        return "–" if self.observed is None else f"{round(100 * self.observed)} %"

    @property
    def kappa_text(self) -> str:
        return "–" if self.kappa is None else number_format(round(self.kappa, 2), decimal_pos=2)


@dataclass(frozen=True)
class Change:
    """One criterion, matched by code, in this round and the one before."""

    code: str
    criterion: Criterion  # this round's, or the earlier round's when the criterion was dropped
    status: str  # "both", "new" (only in this round) or "dropped" (only in the earlier one)
    now: Counts | None
    then: Counts | None
    strength_points: int | None  # change in percentage points; None when either share is hidden or empty
    challenge_points: int | None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def strength_change(self) -> str:
        return _points_text(self.strength_points, self.now, self.then)

    @property
    def challenge_change(self) -> str:
        return _points_text(self.challenge_points, self.now, self.then)


STATUS_LABELS = {"both": _("In both rounds"), "new": _("New criterion"), "dropped": _("Dropped criterion")}


@dataclass(frozen=True)
class Summary:
    sampled: int  # cases in the round's sample
    reviewed: Cell  # cases with a submitted first review: what the results count
    double_rated: Cell  # cases with a submitted second review
    reviews: Cell  # submitted reviews of both raters; hidden when either part is


# ---------------------------------------------------------------------------------------------
# Counting


def _first_ratings(review_round: ReviewRound) -> QuerySet[Rating]:
    return Rating.objects.filter(
        review__case__round=review_round, review__is_second=False, review__submitted_at__isnull=False
    )


@dataclass(frozen=True)
class _Counted:
    """The round's suppressed cells for every node at once."""

    criteria: list[Criterion]
    labels: dict[Node, str]
    groupings: dict[str, list[Node]]
    cells: dict[Key, Cell]
    small: frozenset[Node]
    full: frozenset[int]  # criteria every case rated: their number rated is the node's cases

    def counts(self, node: Node, criterion: Criterion) -> Counts:
        strength, challenge, none = (self.cells[(node, criterion.pk, c)] for c in POLARITIES)
        rated = self.cells[(node, 0, CASES) if criterion.pk in self.full else (node, criterion.pk, RATED)]
        return Counts(
            strength=strength,
            challenge=challenge,
            not_relevant=none,
            rated=rated,
            strength_share=share(strength, rated),
            challenge_share=share(challenge, rated),
            not_relevant_share=share(none, rated),
            colour=_colour(challenge, rated),
        )

    def column(self, node: Node) -> Column:
        key = "" if node == ROOT else "-" if node[1] in (None, "") else str(node[1])
        return Column(key=key, label=self.labels[node], cases=self.cells[(node, 0, CASES)], small=node in self.small)


_MEMO = "_reviews_counted"
CACHE_SECONDS = 24 * 3600


def _counted(review_round: ReviewRound) -> _Counted:
    """The round's counts, counted once per state of its reviews and kept in Django's cache: a results
    page asks for the heatmap, the ranking and the comparison (two rounds), and the report for the same
    again, while the ratings change only as reviewers submit.

    The state is the reviews' number, submissions and last change (every save through ``review_save``
    touches the review), checked with one small query, so a saved review is counted at the next look;
    ratings changed behind the services' back are not noticed until a review changes."""
    stamp = Review.objects.filter(case__round=review_round).aggregate(
        reviews=Count("id"), submitted=Count("submitted_at"), changed=Max("updated_at")
    )
    changed = stamp["changed"].isoformat() if stamp["changed"] else ""
    # The round's creation time too: a test database may give a new round an old one's id.
    round_id = f"{review_round.pk}:{review_round.created_at.isoformat()}"
    key = f"reviews:counted:{round_id}:{get_language()}:{stamp['reviews']}:{stamp['submitted']}:{changed}"
    memo = review_round.__dict__.get(_MEMO)
    if memo is not None and memo[0] == key:
        return memo[1]
    counted = cache.get(key)
    if counted is None:
        counted = _count(review_round)
        cache.set(key, counted, CACHE_SECONDS)
    review_round.__dict__[_MEMO] = (key, counted)
    return counted


def _count(review_round: ReviewRound) -> _Counted:
    criteria = list(Criterion.objects.filter(schema_id=review_round.schema_id).select_related("theme"))
    cases = (
        ReviewCase.objects.filter(round=review_round, reviews__is_second=False, reviews__submitted_at__isnull=False)
        .values_list("unit_id", "unit__name", "district_id", "district__name", "age_band")
        .annotate(n=Count("id"))
        .order_by()
    )
    # Per criterion and place, the ratings of each polarity; a value that is not on the criterion's
    # scale (a draft's empty one) counts as none of them, so it is not rated.
    ratings = (
        _first_ratings(review_round)
        .values_list("criterion_id", *(f"review__case__{g}" for g in ("unit_id", "district_id", "age_band")))
        .annotate(**{f"n_{p}": Count("id", filter=_is(p)) for p in POLARITIES})
        .order_by()
    )

    labels: dict[Node, str] = {ROOT: gettext("All cases")}
    not_given = gettext("Not given")
    values: dict[Key, int] = defaultdict(int)
    combos: dict[tuple[Node, Node, Node], int] = {}  # (unit, district, age band) → cases
    for unit_id, unit_name, district_id, district_name, age_band, n in cases:
        unit: Node = ("unit", unit_id)
        district: Node = ("district", district_id)
        band: Node = ("age_band", age_band)
        labels[unit] = unit_name or not_given
        labels[district] = district_name or not_given
        labels[band] = age_band or not_given
        combos[(unit, district, band)] = n
        for node in (ROOT, unit, district, band):
            values[(node, 0, CASES)] += n
    for criterion_id, unit_id, district_id, age_band, *counts in ratings:
        for node in (ROOT, ("unit", unit_id), ("district", district_id), ("age_band", age_band)):
            for category, n in zip(POLARITIES, counts, strict=True):
                values[(node, criterion_id, category)] += n

    nodes = list(labels)
    rated = {(n, c.pk): sum(values.get((n, c.pk, p), 0) for p in POLARITIES) for n in nodes for c in criteria}
    # Where every case rated the criterion (as submitting requires), its number rated is the number of
    # cases, in every group: one cell, so that it is hidden alike wherever it shows.
    full = frozenset(c.pk for c in criteria if rated[(ROOT, c.pk)] == values[(ROOT, 0, CASES)])
    for node in nodes:
        for criterion in criteria:
            for category in POLARITIES:
                values.setdefault((node, criterion.pk, category), 0)
            if criterion.pk not in full:
                values[(node, criterion.pk, RATED)] = rated[(node, criterion.pk)]
                values[(node, criterion.pk, UNRATED)] = values[(node, 0, CASES)] - rated[(node, criterion.pk)]
    groupings = {g: _ordered([n for n in nodes if n[0] == g], labels) for g in GROUPINGS}
    small = frozenset(n for n in nodes if is_small(values[(n, 0, CASES)]))
    lines = _lines(criteria, groupings, combos, full)
    # A small group is hidden as a whole: its cells go in as 1 so that suppress_lines hides them from the
    # start and chooses the complementary cells with them hidden (their real values are kept below).
    given = {key: (1 if key[0] in small and value == 0 else value) for key, value in values.items()}
    hidden = suppress_lines(given, lines)
    cells = {key: Cell(value, key in hidden) for key, value in values.items()}
    return _Counted(criteria=criteria, labels=labels, groupings=groupings, cells=cells, small=small, full=full)


def _is(polarity: Polarity) -> Q:
    """The ratings that count as ``polarity`` on their criterion's scale."""
    return reduce(
        operator.or_,
        (
            Q(criterion__scale=scale, value__in=[o.value for o in found if o.polarity == polarity])
            for scale, found in OPTIONS.items()
        ),
    )


def _lines(
    criteria: Sequence[Criterion],
    groupings: Mapping[str, Sequence[Node]],
    combos: Iterable[tuple[Node, Node, Node]],
    full: frozenset[int],
) -> list[list[Key]]:
    """Every equation a reader of the results can use: within a column group the polarities add up to
    the number rated, and with the ones not rated to the cases (for a criterion every case rated, the
    number rated is the cases' cell); each grouping's groups add up to all cases, and each district's
    units to the district when every unit's cases lie in one district.

    ``suppression.derivable`` treats a line as "its cells add up"; that models the real equations
    (parts − whole = 0) exactly when the cells can be signed so that every line is parts against its
    whole, which holds for this tree of groups (all cases → districts → units, all cases → age bands)
    as it does for ``suppress_tree``. An age band that happens to lie within one unit gives no line:
    the rule's limit (decision 0007)."""
    lines: list[list[Key]] = []
    for node in [ROOT, *(n for members in groupings.values() for n in members)]:
        for criterion in criteria:
            polarities = [(node, criterion.pk, c) for c in POLARITIES]
            if criterion.pk in full:
                lines.append([*polarities, (node, 0, CASES)])
            else:
                lines.append([*polarities, (node, criterion.pk, RATED)])
                lines.append([*polarities, (node, criterion.pk, UNRATED), (node, 0, CASES)])

    def add(parts: Sequence[Node], whole: Node) -> None:
        if not parts:
            return
        lines.append([*((n, 0, CASES) for n in parts), (whole, 0, CASES)])
        for criterion in criteria:
            for category in POLARITIES if criterion.pk in full else CATEGORIES:
                lines.append([*((n, criterion.pk, category) for n in parts), (whole, criterion.pk, category)])

    districts_of: dict[Node, set[Node]] = defaultdict(set)
    for unit, district, _band in combos:
        districts_of[unit].add(district)
    if all(len(found) == 1 for found in districts_of.values()):
        for district in groupings["district"]:
            add([u for u in groupings["unit"] if districts_of[u] == {district}], district)
    else:  # a unit with cases in two districts: units and districts are two groupings of all cases
        add(groupings["unit"], ROOT)
    add(groupings["district"], ROOT)
    add(groupings["age_band"], ROOT)
    return lines


def _ordered(members: Iterable[Node], labels: Mapping[Node, str]) -> list[Node]:
    """By label, with numbers in their order (age band "3-5" before "10-17"); "not given" last."""

    def key(node: Node) -> tuple[bool, list[tuple[int, str]]]:
        parts = re.split(r"(\d+)", labels[node].casefold())
        return node[1] in (None, ""), [(int(p), "") if p.isdigit() else (0, p) for p in parts]

    return sorted(members, key=key)


def _colour(challenge: Cell, rated: Cell) -> str:
    if challenge.hidden or rated.hidden:
        return "heat-hidden"
    if rated.value == 0:
        return "heat-none"
    return f"heat-{min(HEAT_STEPS - 1, HEAT_STEPS * challenge.value // rated.value)}"


def _percent(part: Cell, whole: Cell) -> int | None:
    """The share as shown by ``share`` (rounded percent), or None where it shows none."""
    if part.hidden or whole.hidden or whole.value == 0:
        return None
    return round(100 * part.value / whole.value)


# ---------------------------------------------------------------------------------------------
# The results


def heatmap(round: ReviewRound, by: str = "") -> Heatmap:
    """Each criterion's strengths, challenges and not relevant, overall or by unit, district or age band."""
    if by and by not in GROUPINGS:
        raise ValueError(f"cannot group the results by {by!r}")
    counted = _counted(round)
    members = counted.groupings[by] if by else [ROOT]
    rows = tuple(
        HeatmapRow(
            criterion=criterion,
            cells=tuple(counted.counts(node, criterion) for node in members),
            total=counted.counts(ROOT, criterion),
        )
        for criterion in counted.criteria
    )
    return Heatmap(
        round=round,
        by=by,
        columns=tuple(counted.column(node) for node in members),
        total=counted.column(ROOT),
        rows=rows,
    )


def challenges_first(round: ReviewRound) -> list[Ranked]:
    """The criteria by their share of challenges, most first (ties in schema order). A criterion whose
    share is hidden comes after those shown, in schema order: its place in the list would tell it."""
    counted = _counted(round)
    ranked = [Ranked(criterion=c, counts=counted.counts(ROOT, c)) for c in counted.criteria]

    def key(item: tuple[int, Ranked]) -> tuple[int, Fraction, int]:
        index, entry = item
        challenge, rated = entry.counts.challenge, entry.counts.rated
        if challenge.hidden or rated.hidden or rated.value == 0:
            return 1, Fraction(0), index
        return 0, -Fraction(challenge.value, rated.value), index

    return [entry for _, entry in sorted(enumerate(ranked), key=key)]


def agreement(round: ReviewRound) -> list[CriterionAgreement]:
    """Cohen's kappa per criterion over the cases both raters submitted (the raters' own values).

    With fewer than five such cases the agreement is not shown: too few to say anything, and the
    number of cases is a small count."""
    criteria = list(Criterion.objects.filter(schema_id=round.schema_id).select_related("theme"))
    # One query: each first rating joined to the second rater's rating of the same criterion in the same case.
    rows = (
        _first_ratings(round)
        .filter(
            review__case__reviews__is_second=True,
            review__case__reviews__submitted_at__isnull=False,
            review__case__reviews__ratings__criterion_id=F("criterion_id"),
        )
        .values("criterion_id", "value", second=F("review__case__reviews__ratings__value"))
        .annotate(n=Count("id"))
        .order_by()
    )
    pairs: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        pairs[row["criterion_id"]].extend([(row["value"], row["second"])] * row["n"])
    result = []
    for criterion in criteria:
        found = cohen_kappa(pairs.get(criterion.pk, []))
        enough = found.cases >= THRESHOLD
        result.append(
            CriterionAgreement(
                criterion=criterion,
                cases=Cell(found.cases, is_small(found.cases)),
                observed=found.observed if enough else None,
                kappa=found.kappa if enough else None,
            )
        )
    return result


def comparison(round: ReviewRound) -> list[Change]:
    """Each criterion's shares of strengths and challenges now and in the round before, matched by code
    across schema versions; empty when there is no earlier round of the same schema family."""
    previous = round.previous  # kept on the round object, so the earlier round's counts are too
    if previous is None or previous.schema.family != round.schema.family:
        return []
    now, then = _counted(round), _counted(previous)
    before = {c.code: c for c in then.criteria}
    changes = []
    for criterion in now.criteria:
        counts = now.counts(ROOT, criterion)
        earlier = before.pop(criterion.code, None)
        if earlier is None:
            changes.append(Change(criterion.code, criterion, "new", counts, None, None, None))
            continue
        old = then.counts(ROOT, earlier)
        changes.append(
            Change(
                code=criterion.code,
                criterion=criterion,
                status="both",
                now=counts,
                then=old,
                strength_points=_difference(counts.strength_percent, old.strength_percent),
                challenge_points=_difference(counts.challenge_percent, old.challenge_percent),
            )
        )
    for earlier in before.values():  # dropped, in the earlier schema's order
        changes.append(Change(earlier.code, earlier, "dropped", None, then.counts(ROOT, earlier), None, None))
    return changes


def summary(round: ReviewRound) -> Summary:
    """How many cases the round sampled, how many were reviewed, and by two raters."""
    counted = _counted(round)
    reviewed = counted.cells[(ROOT, 0, CASES)]
    numbers = Review.objects.filter(case__round=round, submitted_at__isnull=False).aggregate(
        second=Count("id", filter=Q(is_second=True))
    )
    double = Cell(numbers["second"], is_small(numbers["second"]))
    return Summary(
        sampled=ReviewCase.objects.filter(round=round).count(),
        reviewed=reviewed,
        double_rated=double,
        reviews=Cell(reviewed.value + double.value, reviewed.hidden or double.hidden),
    )


def _difference(now: int | None, then: int | None) -> int | None:
    # The difference of the shares as shown, so that the table adds up for its reader.
    return None if now is None or then is None else now - then


def _points_text(points: int | None, now: Counts | None, then: Counts | None) -> str:
    if points is not None:
        return f"{points:+d}".replace("-", "−") if points else "0"
    if now is None or then is None:
        return ""
    if now.rated.value == 0 or then.rated.value == 0:
        return "–"
    return gettext("hidden")
