"""How fast a round's results are: 500 cases × 30 criteria, with an earlier round to compare with.

``bench_results(runs)`` builds the data the first time (synthetic: external cases by reference, no
child), then times ``heatmap()`` + ``challenges_first()`` + ``agreement()`` + ``comparison()``
together, ``runs`` times, and gives p50/p95 in milliseconds. A management command calls it.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trivsel.accounts.models import User
from trivsel.organisation.models import District, Municipality, Unit, UnitKind
from trivsel.reviews import results
from trivsel.reviews.models import (
    Criterion,
    Rating,
    RatingScale,
    Review,
    ReviewCase,
    ReviewRound,
    ReviewSchema,
    SamplingMethod,
    Theme,
)

FAMILY = "bench-results"
CASES = 500
CRITERIA = 30
TARGET_P95_MS = 200.0
AGE_BANDS = ("0-2", "3-5", "6-9", "10-13", "14-17")
UNITS, DISTRICTS = 12, 3
SECOND_RATER_PERCENT = 20


def bench_results(runs: int = 20) -> dict[str, Any]:
    """Time the four results functions together on the benchmark round (built if missing)."""
    review_round = bench_round()
    for _ in range(2):  # warm up: the first run fills the connection's and the database's caches
        _results(review_round.pk)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        _results(review_round.pk)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        _results(review_round.pk)
    ordered = sorted(times)
    return {
        "database": connection.vendor,
        "load_1min": round(os.getloadavg()[0], 2),  # other work on the machine stretches the tail
        "cases": ReviewCase.objects.filter(round=review_round).count(),
        "criteria": Criterion.objects.filter(schema=review_round.schema).count(),
        "ratings": Rating.objects.filter(review__case__round=review_round).count(),
        "runs": runs,
        "queries": len(queries),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(_percentile(ordered, 95), 1),
        "max_ms": round(ordered[-1], 1),
        "target_p95_ms": TARGET_P95_MS,
    }


def _results(pk: int) -> None:
    """What the results page does: the round fetched for the request, then its four parts."""
    review_round = ReviewRound.objects.select_related("schema").get(pk=pk)
    results.heatmap(review_round)
    results.challenges_first(review_round)
    results.agreement(review_round)
    results.comparison(review_round)


def _percentile(ordered: list[float], percent: int) -> float:
    """The nearest-rank percentile, as ``manage.py bench`` gives it."""
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[rank - 1]


def bench_round(cases: int = CASES, criteria: int = CRITERIA, *, seed: int = 1) -> ReviewRound:
    """The benchmark's round on version 2 of its schema, with an earlier round on version 1 (two
    criteria dropped, two new); built once and found again by its schema family."""
    found = ReviewRound.objects.filter(schema__family=FAMILY, schema__version=2).first()
    if found is not None:
        return found
    rng = random.Random(seed)
    with transaction.atomic():
        raters = [_rater(f"bench-reviewer-{n}") for n in (1, 2)]
        places = _places()
        codes = [f"k{n:02d}" for n in range(1, criteria + 1)]
        old = _schema(1, [*codes[:-2], "gone-1", "gone-2"])
        new = _schema(2, codes)
        earlier = _round(old, "Benchmark: sagsgennemgang 2025", datetime.date(2025, 1, 1), None)
        _fill(earlier, cases, places, raters, rng)
        current = _round(new, "Benchmark: sagsgennemgang 2026", datetime.date(2026, 1, 1), earlier)
        _fill(current, cases, places, raters, rng)
    return current


def _rater(username: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": "Bench"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _places() -> list[tuple[Unit, District]]:
    municipality = Municipality.objects.first() or Municipality.objects.create(name="Benchmark", code="")
    districts = [
        District.objects.get_or_create(municipality=municipality, name=f"Bench-distrikt {n}")[0]
        for n in range(1, DISTRICTS + 1)
    ]
    units = []
    for n in range(UNITS):
        district = districts[n % DISTRICTS]
        unit = Unit.objects.filter(name=f"Bench-enhed {n + 1}", district=district).first()
        units.append(
            (
                unit or Unit.objects.create(name=f"Bench-enhed {n + 1}", district=district, kind=UnitKind.SCHOOL),
                district,
            )
        )
    return units


def _schema(version: int, codes: list[str]) -> ReviewSchema:
    schema = ReviewSchema.objects.create(
        family=FAMILY, version=version, name="Benchmark-skema", published_at=timezone.now()
    )
    themes = [Theme.objects.create(schema=schema, order=n, name=f"Tema {n + 1}") for n in range(5)]
    Criterion.objects.bulk_create(
        Criterion(
            schema=schema,
            theme=themes[n % len(themes)],
            order=n,
            code=code,
            question=f"Spørgsmål {code}",
            scale=RatingScale.FOUR if n % 3 == 2 else RatingScale.STRENGTH,
        )
        for n, code in enumerate(codes)
    )
    return schema


def _round(schema: ReviewSchema, name: str, start: datetime.date, previous: ReviewRound | None) -> ReviewRound:
    return ReviewRound.objects.create(
        name=name,
        schema=schema,
        period_start=start,
        period_end=start + datetime.timedelta(days=180),
        method=SamplingMethod.EXTERNAL,
        sample_size=CASES,
        seed=1,
        second_rater_percent=SECOND_RATER_PERCENT,
        ends_on=start + datetime.timedelta(days=240),
        previous=previous,
    )


VALUES = {
    RatingScale.STRENGTH: (["strength", "challenge", "not_relevant"], [5, 4, 1]),
    RatingScale.FOUR: (["1", "2", "3", "4"], [1, 3, 4, 2]),
}


def _fill(
    review_round: ReviewRound, cases: int, places: list[tuple[Unit, District]], raters: list[User], rng: random.Random
) -> None:
    criteria = list(Criterion.objects.filter(schema=review_round.schema))
    submitted = timezone.now()
    made = ReviewCase.objects.bulk_create(
        ReviewCase(
            round=review_round,
            number=n,
            reference=f"B-{review_round.pk}-{n:04d}",
            unit=places[n % len(places)][0],
            district=places[n % len(places)][1],
            age_band=AGE_BANDS[rng.randrange(len(AGE_BANDS))],
        )
        for n in range(1, cases + 1)
    )
    if not all(c.pk for c in made):  # backends that do not return ids from bulk_create
        made = list(ReviewCase.objects.filter(round=review_round).order_by("number"))
    reviews = [Review(case=c, reviewer=raters[0], submitted_at=submitted) for c in made]
    reviews += [
        Review(case=c, reviewer=raters[1], is_second=True, submitted_at=submitted)
        for c in made
        if c.number % (100 // SECOND_RATER_PERCENT) == 0
    ]
    Review.objects.bulk_create(reviews)
    ratings = []
    first: dict[tuple[int, int], str] = {}
    for review in Review.objects.filter(case__round=review_round).order_by("is_second", "case_id"):
        for criterion in criteria:
            values, weights = VALUES[RatingScale(criterion.scale)]
            value = rng.choices(values, weights)[0]
            if review.is_second and rng.random() < 0.75:  # the second rater mostly agrees
                value = first[(review.case_id, criterion.pk)]
            first.setdefault((review.case_id, criterion.pk), value)
            ratings.append(Rating(review=review, criterion=criterion, value=value))
    Rating.objects.bulk_create(ratings, batch_size=2000)
