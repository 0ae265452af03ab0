"""The frozen handover: plain values when sent, words and dates when shown."""

from __future__ import annotations

import datetime

import pytest

from trivsel.plans.models import ProgressEntry
from trivsel.plans.testing import make_goal, make_intervention
from trivsel.screening.testing import make_round, make_screening
from trivsel.transitions.content import freeze, readable
from trivsel.transitions.testing import make_transition, write_handover

pytestmark = pytest.mark.django_db


def test_freeze_takes_the_open_plan_and_the_screenings_as_plain_values(cast, school):
    intervention = make_intervention(cast.child, cast.pedagogue, description="Minigruppe to gange om ugen")
    make_intervention(cast.child, cast.pedagogue, closed_on=datetime.date(2026, 1, 1))  # closed: left out
    goal = make_goal(intervention, title="Leger med to andre børn", area="netvaerk", target=8)
    ProgressEntry.objects.create(
        goal=goal, rater="professional", value=5, recorded_on=datetime.date(2026, 11, 3), recorded_by=cast.pedagogue
    )
    screening_round = make_round(cast.unit, cast.leader)
    make_screening(screening_round, cast.child, cast.group, cast.leader, "gul")
    transition = make_transition(cast, school)
    handover = write_handover(cast, transition)
    content = freeze(handover)
    assert [i["description"] for i in content["interventions"]] == ["Minigruppe to gange om ugen"]
    assert content["interventions"][0]["goals"] == [
        {"title": "Leger med to andre børn", "area": "netvaerk", "scale": "0-10", "target": 8, "latest": 5,
         "latest_on": "2026-11-03"},
    ]  # fmt: skip
    assert [(s["round"], s["position"], s["colour"]) for s in content["screenings"]] == [
        (screening_round.name, "Gul", "yellow")
    ]
    assert content["parents_view"] == "" and content["child_view"] == "Jeg glæder mig til at lære at læse."
    shown = readable(content)
    goal_shown = shown["interventions"][0]["goals"][0]
    assert (goal_shown["latest_on"], str(goal_shown["area_label"])) == (datetime.date(2026, 11, 3), "Netværk og venner")
    assert isinstance(shown["screenings"][0]["date"], datetime.date)
    assert shown["include_plan"] and shown["include_screenings"]


def test_readable_knows_what_was_left_out():
    shown = readable({"strengths": "x", "interventions": None, "screenings": None})
    assert (shown["include_plan"], shown["include_screenings"], shown["interventions"]) == (False, False, [])
