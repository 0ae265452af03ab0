"""Cohen's kappa: how far two raters agree beyond what chance would give.

kappa = (p_o − p_e) / (1 − p_e), where p_o is the share of cases rated alike and p_e the share
expected by chance from each rater's own distribution over the categories (Cohen 1960). When
chance alone gives full agreement (p_e = 1: both raters used one and the same category for every
case) kappa is undefined and is reported as missing, not as 1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Agreement:
    cases: int  # double-rated cases
    observed: Fraction | None  # p_o
    kappa: float | None


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> Agreement:
    """Agreement of the first and second rater over ``pairs`` of ratings of the same cases."""
    n = len(pairs)
    if n == 0:
        return Agreement(cases=0, observed=None, kappa=None)
    observed = Fraction(sum(1 for a, b in pairs if a == b), n)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum((Fraction(first[c] * second[c], n * n) for c in first.keys() & second.keys()), Fraction(0))
    if expected == 1:
        return Agreement(cases=n, observed=observed, kappa=None)
    return Agreement(cases=n, observed=observed, kappa=float((observed - expected) / (1 - expected)))
