"""Counting the dashboard's tables and storing them suppressed (``models.IndicatorCell``).

For each table and half-year: the leaves' counts from the database (one GROUP BY), suppressed over
the whole tree of places at once, every node's cells stored with the sums its means need. Runs
hourly as a background job (``tasks.py``) for the half-years one may choose, and on demand
(``manage.py refresh_indicators``); the page says when its figures were counted.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from trivsel.effect.counting import Counts, Spec, Sums
from trivsel.effect.models import IndicatorCell, IndicatorRefresh
from trivsel.effect.panels import SPECS
from trivsel.effect.periods import HalfYear, choices
from trivsel.effect.places import Places, places
from trivsel.lib.suppression import TOTAL, suppress_tree


def _node_sums(tree: Places, sums: Sums) -> dict[tuple[str, str], tuple[float, float]]:
    """Each leaf's sums added to every node above it, per category and in ``TOTAL``."""
    out: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for (leaf, category), (total, squares) in sums.items():
        node: str | None = leaf
        while node is not None:
            for key in ((node, category), (node, TOTAL)):
                out[key][0] += total
                out[key][1] += squares
            node = tree.parent.get(node)
    return {key: (value[0], value[1]) for key, value in out.items()}


def _cells(spec: Spec, tree: Places, period: HalfYear, counts: Counts, sums: Sums) -> list[IndicatorCell]:
    suppressed = suppress_tree(counts, tree.parent, spec.categories(), sums=spec.sums())
    node_sums = _node_sums(tree, sums)
    return [
        IndicatorCell(
            table=spec.key,
            period=period.key,
            node=node,
            category=str(category),
            value=cell.value,
            hidden=cell.hidden,
            total=node_sums.get((node, category), (None, None))[0],
            squares=node_sums.get((node, category), (None, None))[1],
        )
        for (node, category), cell in suppressed.items()
        if cell.value or cell.hidden
    ]


def table_refresh(spec: Spec, periods: Sequence[HalfYear], tree: Places | None = None) -> int:
    """Count and store one table for these half-years; the number of cells stored."""
    tree = tree or places()
    started = time.perf_counter()
    counts, sums = spec.count(list(periods))
    stored = 0
    for period in periods:
        cells = _cells(spec, tree, period, counts.get(period, {}), sums.get(period, {}))
        with transaction.atomic():
            IndicatorCell.objects.filter(table=spec.key, period=period.key).delete()
            IndicatorCell.objects.bulk_create(cells, batch_size=5_000)
            IndicatorRefresh.objects.update_or_create(
                table=spec.key,
                period=period.key,
                defaults={"refreshed_at": timezone.now(), "seconds": time.perf_counter() - started},
            )
        stored += len(cells)
    return stored


def indicators_refresh(periods: Sequence[HalfYear] | None = None) -> dict[str, int]:
    """Every table, for ``periods`` (default: every half-year one may choose)."""
    chosen = sorted(periods or choices())
    tree = places()
    return {spec.key: table_refresh(spec, chosen, tree) for spec in SPECS}
