"""Reading panels in tests: after the hourly count, each table by its kind, a line as its texts."""

from __future__ import annotations

from trivsel.effect.panels import PanelFunction
from trivsel.effect.periods import HalfYear
from trivsel.effect.places import places
from trivsel.effect.refresh import indicators_refresh
from trivsel.effect.tables import CountTable, Line, MeanTable, Panel


def refreshed(function: PanelFunction, node: str, periods: list[HalfYear]) -> Panel:
    """The panel after the hourly count."""
    indicators_refresh(periods)
    return function(places(), node, periods)


def counts(panel: Panel, index: int) -> CountTable:
    table = panel.tables[index]
    assert isinstance(table, CountTable)
    return table


def means(panel: Panel, index: int) -> MeanTable:
    table = panel.tables[index]
    assert isinstance(table, MeanTable)
    return table


def texts(line: Line) -> list[str]:
    """The line as shown: its cells, then its total ("<5" where hidden)."""
    return [str(c) for c in line.cells] + [str(line.total)]
