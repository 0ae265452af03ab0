from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from trivsel.attendance.models import AttendanceRecord
from trivsel.effect.outcomes import attendance_panel, experience_panel, interventions_panel
from trivsel.effect.periods import HalfYear
from trivsel.effect.testing import counts, means, refreshed, texts
from trivsel.plans.models import ProgressEntry
from trivsel.plans.testing import make_goal, make_intervention
from trivsel.questionnaires.services import response_save
from trivsel.questionnaires.testing import all_answers, instrument
from trivsel.testing import factories as f

H2 = HalfYear(2026, 2)
STARTED = datetime.date(2026, 7, 15)


def _sdq(town, child, value, day, code="sdq-parent-4-17"):
    items = instrument(code).definition["items"]
    response_save(
        actor=town.cast.pedagogue, child=child, instrument=instrument(code), respondent="parent", source="paper",
        answers=all_answers(value, items), gate=0, measured_on=day, submit=True,
    )  # fmt: skip


def test_interventions_with_their_added_value_and_goals(town):
    pedagogue = town.cast.pedagogue
    for number, child in enumerate(town.solsikken):
        intervention = make_intervention(child, pedagogue, start=STARTED)
        goal = make_goal(intervention, target=8)
        ProgressEntry.objects.create(goal=goal, rater="professional", value=9 if number < 7 else 5,
                                     recorded_on=datetime.date(2026, 11, 1), recorded_by=pedagogue)  # fmt: skip
        if number < 6:
            _sdq(town, child, 2, datetime.date(2026, 7, 1))  # total 30, emotional 10, impact 0
            # four months later: total 20 (added value 2.3 + 24 − 3 − 20 = 3.3) or 10 (13.3)
            _sdq(town, child, 1 if number < 3 else 0, datetime.date(2026, 11, 20))
    panel = refreshed(interventions_panel, f"u{town.cast.unit.pk}", [H2])
    started, added, goals = counts(panel, 0), means(panel, 1), counts(panel, 2)
    column = started.header.index("Mentor")
    assert started.header[0] == "Half-year" and texts(started.lines[0])[column - 1] == "12"
    assert texts(started.lines[0])[-1] == "12"
    mentor = next(line for line in added.lines if line.label == "Mentor")
    # mean 8.3; s = √30 = 5.48; 1.96 · 5.48 / √6 = 4.38
    assert (mentor.label, str(mentor.n), mentor.mean, mentor.interval) == ("Mentor", "6", "8.3", "3.9 – 12.7")
    assert goals.header == ["Type", "Goal reached", "Not yet", "Not rated", "Total"]
    assert texts(next(line for line in goals.lines if line.label == "Mentor")) == ["7", "5", "0", "12"]
    assert "meaningful for groups only" in panel.notes[0]


def test_a_small_group_shows_no_added_value(town):
    child = town.solsikken[0]
    make_intervention(child, town.cast.pedagogue, start=STARTED)
    _sdq(town, child, 2, datetime.date(2026, 7, 1))
    _sdq(town, child, 1, datetime.date(2026, 11, 20))
    lines = means(refreshed(interventions_panel, f"u{town.cast.unit.pk}", [H2]), 1).lines
    mentor = next(line for line in lines if line.label == "Mentor")
    assert (str(mentor.n), mentor.mean, mentor.interval) == ("<5", "hidden", "")


def test_the_family_experience_on_average(town):
    for number, child in enumerate(town.solsikken[:6]):
        _sdq(town, child, 4 if number == 0 else 3, datetime.date(2026, 10, 1), code="family-experience-parent")
    line = means(refreshed(experience_panel, f"u{town.cast.unit.pk}", [H2]), 0).lines[0]
    assert (str(line.n), line.mean) == ("6", "79.2")  # (100 + 5 · 75) / 6


def test_school_attendance_and_pupils_with_high_absence(town):
    for number in range(10):
        AttendanceRecord.objects.create(
            child=f.ChildFactory(), unit=town.school, period_start=datetime.date(2026, 8, 10),
            period_end=datetime.date(2026, 12, 18), expected_days=100,
            sick_days=Decimal(12 if number < 5 else 2), imported_by=town.cast.leader, imported_at=timezone.now(),
        )  # fmt: skip
    panel = refreshed(attendance_panel, f"u{town.school.pk}", [H2])
    percent, pupils = means(panel, 0), counts(panel, 1)
    assert (str(percent.lines[0].n), percent.lines[0].mean) == ("10", "7.0 %")  # (5 · 12 + 5 · 2) / 1000
    assert pupils.header == ["Half-year", "Absent 10 % or more", "Less", "Total"]
    assert texts(pupils.lines[0]) == ["5", "5", "10"]
