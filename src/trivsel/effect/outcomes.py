"""Panels on outcomes: interventions by type with SDQ change and goal attainment, the family's
experience of the help, and school attendance. Each table is a ``Spec`` (``counting.py``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import Case, CharField, Count, F, FloatField, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.utils.translation import gettext as _

from trivsel.attendance.models import AttendanceRecord
from trivsel.attendance.selectors import HIGH_ABSENCE_PERCENT
from trivsel.effect.counting import Counts, Spec, Sums, by_period, in_periods, stored, sums_by_period, unit_on
from trivsel.effect.periods import HalfYear
from trivsel.effect.places import Places, unit_node
from trivsel.effect.tables import (
    CountTable,
    Line,
    MeanLine,
    MeanTable,
    Panel,
    chart_over_time,
    mean_text,
    number,
    over_time,
    over_time_and_place,
)
from trivsel.lib.suppression import Cell, share
from trivsel.plans.models import Goal, Intervention, InterventionType, ProgressEntry
from trivsel.questionnaires.change import group_added_value_from_sums
from trivsel.questionnaires.models import InstrumentKind, Response, Score

Leaves = tuple[dict[HalfYear, Counts], dict[HalfYear, Sums]]


def _types() -> list[tuple[str, str]]:
    """Every intervention type, old ones too: interventions of a retired type are still counted."""
    return [(str(pk), name) for pk, name in InterventionType.objects.order_by("name").values_list("id", "name")]


def _added_value() -> Subquery:
    """The child's first added value measured after the intervention began, against a baseline from before."""
    return Subquery(
        Response.objects.filter(
            child_id=OuterRef("child_id"),
            added_value__isnull=False,
            measured_on__gt=OuterRef("start"),
            baseline__measured_on__lte=OuterRef("start"),
        )
        .order_by("measured_on", "id")
        .values("added_value")[:1],
        output_field=FloatField(),
    )


def _started(periods: list[HalfYear]) -> QuerySet[Any]:
    return in_periods(Intervention.objects.all(), "start", periods).annotate(unit=unit_on("start"))


def _count_interventions(periods: list[HalfYear]) -> Leaves:
    rows = _started(periods).values("year", "half", "unit", "type_id").annotate(n=Count("id")).order_by()
    return by_period(rows, "type_id"), {}


def _count_added_values(periods: list[HalfYear]) -> Leaves:
    rows: list[dict[str, Any]] = list(
        _started(periods)
        .annotate(av=_added_value())
        .filter(av__isnull=False)
        .values("year", "half", "unit", "type_id")
        .annotate(n=Count("id"), total=Sum("av"), squares=Sum(F("av") * F("av")))
        .order_by()
    )
    return by_period(rows, "type_id"), sums_by_period(rows, "type_id")


def _count_goals(periods: list[HalfYear]) -> Leaves:
    latest_rating = Subquery(
        ProgressEntry.objects.filter(goal=OuterRef("pk")).order_by("-recorded_on", "-id").values("value")[:1]
    )
    goals = (
        in_periods(Goal.objects.all(), "intervention__start", periods)
        .annotate(unit=unit_on("intervention__start", "intervention__child_id"), latest=latest_rating)
        .annotate(
            state=Case(
                When(latest__isnull=True, then=Value("unrated")),
                When(latest__gte=F("target"), then=Value("met")),
                default=Value("not_yet"),
                output_field=CharField(),
            )
        )
    )
    rows: list[dict[str, Any]] = list(
        goals.values("year", "half", "unit", "state", type_id=F("intervention__type_id")).annotate(n=Count("id"))
        .order_by()
    )  # fmt: skip
    for row in rows:
        row["k"] = f"{row['type_id']}:{row['state']}"
    return by_period(rows, "k"), {}


GOAL_STATES = ["met", "not_yet", "unrated"]


def _goal_categories() -> list[str]:
    """Each type's goals by state, and each type's goals in all (its line)."""
    types = [pk for pk, _name in _types()]
    return [f"{t}:{state}" for t in types for state in GOAL_STATES] + [f"{t}:all" for t in types]


def _goal_sums() -> list[tuple[list[str], str]]:
    return [([f"{t}:{state}" for state in GOAL_STATES], f"{t}:all") for t, _name in _types()]


def _count_experience(periods: list[HalfYear]) -> Leaves:
    scores = in_periods(
        Score.objects.filter(
            instrument__kind=InstrumentKind.EXPERIENCE,
            scale="experience",
            value__isnull=False,
            response__submitted_at__isnull=False,
        ),
        "measured_on",
        periods,
    ).annotate(unit=unit_on("measured_on"))
    rows: list[dict[str, Any]] = list(
        scores.values("year", "half", "unit").annotate(n=Count("id"), total=Sum("value")).order_by()
    )
    for row in rows:
        row["k"] = "answered"
    return by_period(rows, "k"), sums_by_period(rows, "k")


_PUPILS_SQL = """
SELECT unit_id, SUM(CASE WHEN absent * 100 >= expected * %s THEN 1 ELSE 0 END), COUNT(*), SUM(absent), SUM(expected)
FROM (SELECT unit_id, child_id, SUM(sick_days + authorised_days + unauthorised_days) AS absent,
             SUM(expected_days) AS expected
      FROM {table} WHERE period_start >= %s AND period_start <= %s GROUP BY unit_id, child_id) AS per_pupil
GROUP BY unit_id
"""


def _count_attendance(periods: list[HalfYear]) -> Leaves:
    """Per pupil and school in each half-year: a pupil's days are added up first (one query per half-year)."""
    counts: dict[HalfYear, Counts] = defaultdict(lambda: defaultdict(int))
    sums: dict[HalfYear, Sums] = defaultdict(dict)
    with connection.cursor() as cursor:
        for period in periods:
            cursor.execute(
                _PUPILS_SQL.format(table=AttendanceRecord._meta.db_table),
                [HIGH_ABSENCE_PERCENT, period.start, period.end],
            )
            for unit_id, high, pupils, absent, expected in cursor.fetchall():
                leaf = unit_node(unit_id)
                counts[period][(leaf, "high")] += int(high)
                counts[period][(leaf, "other")] += int(pupils) - int(high)
                # The sums carry absent and expected days: "total" and "squares" of the leaf.
                sums[period][(leaf, "other")] = (float(absent or 0), float(expected or 0))
    return counts, sums


INTERVENTIONS = Spec("interventions", _count_interventions, lambda: [pk for pk, _name in _types()])
ADDED_VALUES = Spec("added_values", _count_added_values, lambda: [pk for pk, _name in _types()])
GOALS = Spec("goals", _count_goals, _goal_categories, _goal_sums)
EXPERIENCE = Spec("experience", _count_experience, lambda: ["answered"])
ATTENDANCE = Spec("attendance", _count_attendance, lambda: ["high", "other"])
SPECS = [INTERVENTIONS, ADDED_VALUES, GOALS, EXPERIENCE, ATTENDANCE]


def _interval(n: Cell, total: float, squares: float) -> str:
    """mean ± 1.96 · s / √n, from the sum and the sum of squares (summed in the database)."""
    if n.hidden or n.value < 2:
        return ""
    group = group_added_value_from_sums(n.value, total, squares)
    return f"{number(group.low or 0.0)} – {number(group.high or 0.0)}"


def interventions_panel(tree: Places, node: str, periods: list[HalfYear]) -> Panel:
    types = _types()
    latest = periods[-1]
    counted = stored(INTERVENTIONS, periods, [node])
    measured = stored(ADDED_VALUES, [latest], [node])
    value_lines = []
    for type_id, name in types:
        n = measured.cell(latest, node, type_id)
        total, squares = measured.sum(latest, node, type_id)
        value_lines.append(MeanLine(name, n, mean_text(n, total), _interval(n, total, squares)))
    goals = stored(GOALS, [latest], [node])
    goal_lines = [
        Line(
            name,
            [goals.cell(latest, node, f"{pk}:{state}") for state in GOAL_STATES],
            goals.cell(latest, node, f"{pk}:all"),
            [],
        )
        for pk, name in types
    ]
    for line in goal_lines:
        line.shares.extend(share(cell, line.total) for cell in line.cells)
    columns = [name for _id, name in types]
    return Panel(
        key="interventions",
        title=_("Interventions: SDQ change and goals"),
        intro=_(
            "Interventions started, by type. SDQ change is the added value of the parents' SDQ about six months "
            "apart (predicted minus actual total difficulties: above 0 is better than expected)."
        ),
        tables=[
            over_time(counted, node, _("Interventions started by half-year"), columns),
            MeanTable(
                _("Added value by type, interventions started %(period)s") % {"period": latest.label},
                _("Type"),
                _("Added value on average"),
                value_lines,
                with_interval=True,
            ),
            CountTable(
                _("Goals of the interventions started %(period)s, by type and latest rating")
                % {"period": latest.label},
                _("Type"),
                [_("Goal reached"), _("Not yet"), _("Not rated")],
                goal_lines,
            ),
        ],
        chart=chart_over_time(counted, node, columns),
        chart_caption=_("Share of each type among the interventions started, one bar per half-year."),
        notes=[
            _(
                "The added value is meaningful for groups only: for one child its uncertainty is about ±10 points, for "
                "a hundred children about ±1. Read it with its confidence interval, and never about a single child."
            ),
        ],
    )


def experience_panel(tree: Places, node: str, periods: list[HalfYear]) -> Panel:
    counted = stored(EXPERIENCE, periods, [node])
    lines = [
        MeanLine(p.label, counted.total(p, node), mean_text(counted.total(p, node), counted.sum(p, node)[0]))
        for p in periods
    ]
    return Panel(
        key="experience",
        title=_("The family's experience of the help"),
        intro=_(
            "Is the help meaningful, respectful and making a difference? The family-experience questionnaire, "
            "0–100 (100: fully agreeing with every statement), answered by parents and young people."
        ),
        tables=[MeanTable(_("Experience of the help by half-year"), _("Half-year"), _("Score on average"), lines)],
    )


def _percent(pupils: Cell, absent: float, expected: float) -> str:
    if pupils.hidden:
        return _("hidden")
    return f"{number(100 * absent / expected)} %" if expected else "–"


def attendance_panel(tree: Places, node: str, periods: list[HalfYear]) -> Panel:
    counted = stored(ATTENDANCE, periods, [node, *tree.children(node)])
    percent = [
        MeanLine(p.label, counted.total(p, node), _percent(counted.total(p, node), *counted.sum(p, node)))
        for p in periods
    ]
    columns = [_("Absent %(percent)d %% or more") % {"percent": HIGH_ABSENCE_PERCENT}, _("Less")]
    latest = periods[-1]
    return Panel(
        key="attendance",
        title=_("School attendance"),
        intro=_(
            "From the school system's attendance files: absence (illness, authorised and unauthorised) as a "
            "share of the school days, and the pupils who missed %(percent)d %% or more."
        )
        % {"percent": HIGH_ABSENCE_PERCENT},
        tables=[
            MeanTable(_("Absence by half-year"), _("Half-year"), _("Absence"), percent),
            *over_time_and_place(
                counted,
                node,
                tree,
                latest,
                _("Pupils by absence"),
                _("Pupils by absence and school, %(period)s") % {"period": latest.label},
                columns,
            ),
        ],
        chart=chart_over_time(counted, node, columns),
        chart_caption=_("Share of pupils with high absence, one bar per half-year."),
    )
