from __future__ import annotations

import datetime

from django.utils import timezone

from trivsel.concerns.models import Concern, ConcernStep
from trivsel.concerns.testing import default_levels_and_guide
from trivsel.effect.periods import HalfYear
from trivsel.effect.practice import concerns_panel, flows_panel, notifications_panel, positions_panel
from trivsel.effect.testing import counts, means, refreshed, texts
from trivsel.notifications.models import Notification
from trivsel.screening.testing import make_round, make_screening, make_spring_round

H1, H2 = HalfYear(2026, 1), HalfYear(2026, 2)
UTC = datetime.UTC


def _rounds(town):
    leader = town.cast.leader
    spring = make_spring_round(town.cast.unit, leader)
    autumn = make_round(town.cast.unit, leader, previous=spring, opened_on=datetime.date(2026, 9, 1))
    for child in town.solsikken:
        make_screening(spring, child, town.cast.group, leader, "groen")
    for child, code in zip(town.solsikken, ["groen"] * 8 + ["gul"] * 3 + ["roed"], strict=True):
        make_screening(autumn, child, town.cast.group, leader, code)
    other = make_round(town.other_unit, leader, opened_on=datetime.date(2026, 9, 8))
    group = town.maelkeboetten[0].enrolments.get().group
    for child, code in zip(town.maelkeboetten, ["groen"] * 5 + ["gul"] * 2, strict=True):
        make_screening(other, child, group, leader, code)


def test_positions_by_half_year_with_small_counts_hidden(town):
    _rounds(town)
    node = f"u{town.cast.unit.pk}"
    panel = refreshed(positions_panel, node, [H1, H2])
    by_time = counts(panel, 0)
    assert by_time.header == ["Half-year", "Grøn", "Gul", "Rød", "Total"]
    # Autumn: 8 green, 3 yellow, 1 red. The 8 is hidden too: Mælkebøtten hides its 5 green (its row
    # would give away its 2 yellow), and Nord's 13 green minus Solsikken's 8 would give that 5 away.
    assert [texts(line) for line in by_time.lines] == [["12", "0", "0", "12"], ["<5", "<5", "<5", "12"]]
    assert by_time.lines[1].shares == ["hidden", "hidden", "hidden"]
    # The second table: the unit has no places under it.
    assert counts(panel, 1).lines == []
    assert panel.chart is not None
    hidden_bar = panel.chart.bars[1]
    assert hidden_bar.hidden and hidden_bar.segments == []
    assert [s.title for s in panel.chart.bars[0].segments] == ["Grøn: 100 %"]


def test_a_district_shows_its_units_and_hides_the_same_cells_as_the_units_own_view(town):
    _rounds(town)
    north = refreshed(positions_panel, f"d{town.north.pk}", [H2])
    by_place = {line.label: texts(line) for line in counts(north, 1).lines}
    own = counts(refreshed(positions_panel, f"u{town.other_unit.pk}", [H2]), 0).lines[0]
    assert by_place["Mælkebøtten"] == texts(own)
    solsikken = counts(refreshed(positions_panel, f"u{town.cast.unit.pk}", [H2]), 0).lines[0]
    assert by_place["Solsikken"] == texts(solsikken)
    assert all(text == "<5" or int(text) == 0 or int(text) >= 5 for row in by_place.values() for text in row)


def test_stay_green_and_the_flows_between_rounds(town):
    _rounds(town)
    panel = refreshed(flows_panel, f"u{town.cast.unit.pk}", [H1, H2])
    stay = counts(panel, 0)
    # Spring: no previous round. Autumn: 12 were green, 8 stayed.
    assert [texts(line) for line in stay.lines] == [["0", "0"], ["8", "12"]]
    assert stay.lines[1].shares == ["67 %"]
    flows = counts(panel, 1)
    assert [line.label for line in flows.lines] == ["Grøn", "Gul", "Rød"]
    assert texts(flows.lines[0]) == ["8", "<5", "<5", "12"]


def test_concerns_their_notifications_and_days_to_the_first_step(town):
    level = next(iter(default_levels_and_guide().values()))
    pedagogue = town.cast.pedagogue
    for number, child in enumerate(town.solsikken[:6]):
        concern = Concern.objects.create(
            child=child, reported_by=pedagogue, observed_on=datetime.date(2026, 9, 1), level=level,
            description="…",
        )  # fmt: skip
        ConcernStep.objects.create(concern=concern, step_title="Tal med forældrene",
                                   done_on=datetime.date(2026, 9, 1 + 2 * number), done_by=pedagogue)  # fmt: skip
        if number == 0:
            Notification.objects.create(
                child=child, filed_by=pedagogue, filed_at=timezone.now(), concern=concern, grounds="other",
                description="…", received_at=timezone.now(),
            )  # fmt: skip
    panel = refreshed(concerns_panel, f"u{town.cast.unit.pk}", [H2])
    assert texts(counts(panel, 0).lines[0]) == ["<5", "<5", "6"]
    days = means(panel, 1).lines[0]
    # 0, 2, 4, 6, 8, 10 days: 5.0 on average, from six concerns.
    assert (str(days.n), days.mean) == ("6", "5.0")


def test_notification_deadlines_met_late_and_open(town):
    received = [datetime.datetime(2026, 9, 7, 9, tzinfo=UTC)] * 6  # a Monday
    assessed = [datetime.datetime(2026, 9, 7, 15, tzinfo=UTC)] * 5 + [datetime.datetime(2026, 9, 10, 9, tzinfo=UTC)]
    for child, at, done in zip(town.solsikken[:6], received, assessed, strict=True):
        Notification.objects.create(
            child=child, filed_by=town.cast.pedagogue, filed_at=at, grounds="other", description="…",
            received_at=at, assessed_at=done, acknowledged_at=done,
        )  # fmt: skip
    panel = refreshed(notifications_panel, f"u{town.cast.unit.pk}", [H2])
    assert panel.tables[0].header == ["Half-year", "In time", "Late", "Not yet, still in time", "Total"]
    assert texts(counts(panel, 0).lines[0]) == ["<5", "<5", "0", "6"]
