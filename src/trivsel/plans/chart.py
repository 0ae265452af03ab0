"""A goal's progress as a line chart, one line per rater, with the target as a dashed line."""

from __future__ import annotations

from collections.abc import Sequence

from trivsel.lib.linechart import Chart, Line, line_chart
from trivsel.plans.models import Goal, ProgressEntry, Rater


def goal_chart(goal: Goal, entries: Sequence[ProgressEntry]) -> Chart:
    low, high = goal.bounds
    lines = [
        Line(rater, str(label), [(e.recorded_on, e.value) for e in entries if e.rater == rater])
        for rater, label in Rater.choices
    ]
    return line_chart(lines, low, high, step=1 if high - low <= 4 else 2, target=goal.target)
