"""Panels on practice: positions over screening rounds (shares, Stay Green, flows), concerns and
notifications with their deadlines. Each table is a ``Spec``: one GROUP BY over the municipality."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, Min, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from trivsel.concerns.models import Concern, ConcernStep
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
    over_time,
    over_time_and_place,
)
from trivsel.lib.suppression import share
from trivsel.notifications.deadlines import acknowledgement_due, assessment_due
from trivsel.notifications.models import Notification
from trivsel.screening.models import Position, PositionScale, Screening
from trivsel.screening.overview import previous_position_order

GREEN = 1
Leaves = tuple[dict[HalfYear, Counts], dict[HalfYear, Sums]]


def position_labels() -> dict[str, str]:
    """Position names by order ("1", "2" …), from the scale in use; another scale's extra positions by number."""
    scale = PositionScale.objects.filter(is_active=True).order_by("-loaded_at").first()
    labels = {p.order: p.name for p in Position.objects.filter(scale=scale)} if scale else {}
    highest = Position.objects.order_by("-order").values_list("order", flat=True).first() or 0
    return {str(order): labels.get(order, _("Position %(n)d") % {"n": order}) for order in range(1, highest + 1)}


def _count_positions(periods: list[HalfYear]) -> Leaves:
    rows = (
        in_periods(Screening.objects.all(), "round__opened_on", periods)
        .values("year", "half", unit=F("round__unit_id"), position_order=F("position__order"))
        .annotate(n=Count("id"))
        .order_by()
    )
    return by_period(rows, "position_order"), {}


def _pair(before: object, after: object) -> str:
    return f"{before}>{after}"


def _flow_categories() -> list[str]:
    orders = list(position_labels())
    return [_pair(i, j) for i in orders for j in orders] + [f"from{i}" for i in orders]


def _flow_sums() -> list[tuple[list[str], str]]:
    orders = list(position_labels())
    return [([_pair(i, j) for j in orders], f"from{i}") for i in orders]


def _count_flows(periods: list[HalfYear]) -> Leaves:
    """From the position in the unit's previous round to this one."""
    rows = (
        in_periods(Screening.objects.annotate(before=previous_position_order()), "round__opened_on", periods)
        .filter(before__isnull=False)
        .values("year", "half", "before", unit=F("round__unit_id"), after=F("position__order"))
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[HalfYear, Counts] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts[HalfYear(row["year"], row["half"])][(unit_node(row["unit"]), _pair(row["before"], row["after"]))] += row[
            "n"
        ]
    return counts, {}


def _concerns(periods: list[HalfYear]) -> QuerySet[Any]:
    first_step = Subquery(
        ConcernStep.objects.filter(concern=OuterRef("pk"))
        .values("concern")
        .annotate(first=Min("done_on"))
        .values("first")
    )
    return in_periods(Concern.objects.all(), "observed_on", periods).annotate(
        unit=unit_on("observed_on"),
        notified=Exists(Notification.objects.filter(concern=OuterRef("pk"))),
        first_step=first_step,
    )


def _count_concerns(periods: list[HalfYear]) -> Leaves:
    rows = _concerns(periods).values("year", "half", "unit", "notified").annotate(n=Count("id")).order_by()
    return by_period(rows, "notified"), {}


def _count_first_steps(periods: list[HalfYear]) -> Leaves:
    """Concerns with a step done, and the days from the observation to the first one (summed)."""
    rows: list[dict[str, Any]] = list(
        _concerns(periods)
        .filter(first_step__isnull=False)
        .annotate(waited=ExpressionWrapper(F("first_step") - F("observed_on"), output_field=DurationField()))
        .values("year", "half", "unit")
        .annotate(n=Count("id"), days=Sum("waited"))
        .order_by()
    )
    for row in rows:
        row["k"], row["total"] = "acted", row["days"].total_seconds() / 86400
    return by_period(rows, "k"), sums_by_period(rows, "k")


MET, LATE, OPEN = "met", "late", "open"


def _status(done: object, due: object, now: object) -> str:
    if done is None:
        return LATE if due < now else OPEN  # type: ignore[operator]
    return MET if done <= due else LATE  # type: ignore[operator]


def _count_deadlines(periods: list[HalfYear], acknowledgement: bool) -> Leaves:
    """Deadlines in working days (holidays, closed days) are worked out in Python for each notification."""
    notifications = in_periods(
        Notification.objects.annotate(received_on=TruncDate("received_at")), "received_on", periods
    )
    if acknowledgement:
        notifications = notifications.filter(notifier_is_professional=True)
    rows = notifications.annotate(unit=unit_on("received_on")).values_list(
        "year", "half", "unit", "received_at", "assessed_at", "acknowledged_at"
    )
    now = timezone.now()
    counts: dict[HalfYear, Counts] = defaultdict(lambda: defaultdict(int))
    for year, half, unit, received, assessed, acknowledged in rows.order_by():
        if acknowledgement:
            done = timezone.localdate(acknowledged) if acknowledged else None
            status = _status(done, acknowledgement_due(received), timezone.localdate(now))
        else:
            status = _status(assessed, assessment_due(received), now)
        counts[HalfYear(year, half)][(unit_node(unit), status)] += 1
    return counts, {}


DEADLINES = [MET, LATE, OPEN]
POSITIONS = Spec("positions", _count_positions, lambda: list(position_labels()))
FLOWS = Spec("flows", _count_flows, _flow_categories, _flow_sums)
CONCERNS = Spec("concerns", _count_concerns, lambda: ["True", "False"])
FIRST_STEPS = Spec("first_steps", _count_first_steps, lambda: ["acted"])
ASSESSMENTS = Spec("assessments", lambda p: _count_deadlines(p, False), lambda: DEADLINES)
ACKNOWLEDGEMENTS = Spec("acknowledgements", lambda p: _count_deadlines(p, True), lambda: DEADLINES)
SPECS = [POSITIONS, FLOWS, CONCERNS, FIRST_STEPS, ASSESSMENTS, ACKNOWLEDGEMENTS]


def _nodes(tree: Places, node: str) -> list[str]:
    return [node, *tree.children(node)]


def positions_panel(tree: Places, node: str, periods: list[HalfYear]) -> Panel:
    counted = stored(POSITIONS, periods, _nodes(tree, node))
    columns = list(position_labels().values())
    latest = periods[-1]
    return Panel(
        key="positions",
        title=_("Positions in the screening rounds"),
        intro=_("The children's joint positions in the well-being screening, by the half-year the round was opened."),
        tables=over_time_and_place(
            counted,
            node,
            tree,
            latest,
            _("Joint positions by half-year"),
            _("Joint positions by place, %(period)s") % {"period": latest.label},
            columns,
        ),
        chart=chart_over_time(counted, node, columns),
        chart_caption=_("Share of children in each position, one bar per half-year. The numbers are in the table."),
    )


def flows_panel(tree: Places, node: str, periods: list[HalfYear]) -> Panel:
    """Stay Green is the first row's first cell of the flows: the same suppressed numbers."""
    labels = position_labels()
    counted = stored(FLOWS, periods, [node])
    latest = periods[-1]
    matrix = [
        Line(
            labels[i],
            [counted.cell(latest, node, _pair(i, j)) for j in labels],
            counted.cell(latest, node, f"from{i}"),
            [],
        )
        for i in labels
    ]
    green = str(GREEN)
    stay = []
    for period in periods:
        stayed, were = counted.cell(period, node, _pair(green, green)), counted.cell(period, node, f"from{green}")
        stay.append(Line(period.label, [stayed], were, [share(stayed, were)]))
    name = labels.get(green, "")
    return Panel(
        key="flows",
        title=_("Stay Green and movements between positions"),
        intro=_("Children rated in the unit's previous round too: where they were then and where they are now."),
        tables=[
            CountTable(
                _("Stay Green: children %(green)s in the previous round who stayed %(green)s") % {"green": name},
                _("Half-year"),
                [_("Stayed")],
                stay,
            ),
            CountTable(
                _("From the previous round (rows) to this one (columns), %(period)s") % {"period": latest.label},
                _("Previous round"),
                list(labels.values()),
                matrix,
            ),
        ],
    )


def concerns_panel(tree: Places, node: str, periods: list[HalfYear]) -> Panel:
    counted = stored(CONCERNS, periods, [node])
    acted = stored(FIRST_STEPS, periods, [node])
    columns = [_("Led to a notification"), _("Did not")]
    means = [
        MeanLine(p.label, acted.total(p, node), mean_text(acted.total(p, node), acted.sum(p, node)[0])) for p in periods
    ]
    return Panel(
        key="concerns",
        title=_("Concerns"),
        intro=_(
            "Concerns recorded, by the date of the observation; how many led to a notification, and how many days "
            "passed before the first step of the action guide was taken."
        ),
        tables=[
            over_time(counted, node, _("Concerns by half-year"), columns),
            MeanTable(_("Days from the concern to the first action"), _("Half-year"), _("Days on average"), means),
        ],
        chart=chart_over_time(counted, node, columns),
        chart_caption=_("Share of concerns that led to a notification, one bar per half-year."),
    )


def notifications_panel(tree: Places, node: str, periods: list[HalfYear]) -> Panel:
    columns = [_("In time"), _("Late"), _("Not yet, still in time")]
    assessed = stored(ASSESSMENTS, periods, [node])
    acknowledged = stored(ACKNOWLEDGEMENTS, periods, [node])
    return Panel(
        key="notifications",
        title=_("Notifications and their deadlines"),
        intro=_(
            "Notifications received by Børn og Familie: assessed within 24 hours (§ 136) and, for professional "
            "notifiers, acknowledged within 6 working days (§ 137)."
        ),
        tables=[
            over_time(assessed, node, _("Assessment within 24 hours"), columns),
            over_time(acknowledged, node, _("Acknowledgement within 6 working days"), columns),
        ],
        chart=chart_over_time(assessed, node, columns),
        chart_caption=_("Share of notifications assessed in time, one bar per half-year."),
    )
