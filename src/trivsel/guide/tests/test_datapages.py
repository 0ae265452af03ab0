"""The pages shown from the system's data: fora (no staff names in public), action guide, catalogue."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from trivsel.concerns.testing import default_levels_and_guide
from trivsel.guide.datapages import (
    action_guide_overview,
    cadence_in_words,
    duration_in_words,
    fora_of_kind,
    fora_overview,
    intervention_catalogue,
)
from trivsel.guide.models import Audience
from trivsel.guide.testing import make_page
from trivsel.meetings.cadence import PRESETS
from trivsel.meetings.models import Forum, ForumKind
from trivsel.organisation.models import Role
from trivsel.plans.models import InterventionType
from trivsel.testing import factories as f

PUBLIC = {Audience.PUBLIC}
EVERYONE = {Audience.PUBLIC, Audience.PROFESSIONAL}


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("", "When needed"),
        (PRESETS["every_5th_monday"], "Every 5 weeks on Monday"),
        (PRESETS["every_14_days"], "Every 2 weeks"),
        ("FREQ=WEEKLY", "Every week"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "Every week on Monday and Thursday"),
        (PRESETS["twice_a_year"], "On the first Tuesday of March and September"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "On the last Friday of every month"),
        ("FREQ=MONTHLY;INTERVAL=3", "Every 3 months"),
        ("FREQ=DAILY", "Every day"),
        ("FREQ=YEARLY", "Once a year"),
        ("FREQ=HOURLY", "At fixed intervals"),
    ],
)
def test_a_cadence_in_words(rule: str, words: str) -> None:
    assert cadence_in_words(rule) == words


def test_a_cadence_with_its_time() -> None:
    assert cadence_in_words(PRESETS["every_14_days"], datetime.time(9, 0)) == "Every 2 weeks at 09:00"


@pytest.mark.parametrize(
    ("minutes", "words"), [(45, "45 minutes"), (60, "1 hour"), (120, "2 hours"), (90, "1 hour and 30 minutes")]
)
def test_a_duration_in_words(minutes: int, words: str) -> None:
    assert duration_in_words(minutes) == words


@pytest.fixture
def fora(db: None) -> list[Forum]:
    unit = f.UnitFactory(name="Bakkeskolen")
    team = Forum.objects.create(
        name="Ressourceteam Bakkeskolen", kind=ForumKind.RESOURCE_TEAM, unit=unit, chair_role=Role.LEADER,
        cadence=PRESETS["every_5th_monday"], start_time=datetime.time(13, 0), duration_minutes=90,
    )  # fmt: skip
    team.members.add(f.UserFactory(first_name="Rikke", last_name="Rådgiver"))
    district = Forum.objects.create(
        name="TTR Distrikt Nord", kind=ForumKind.TTR, district=unit.district, chair_role=Role.SPECIALIST
    )
    Forum.objects.create(
        name="Nedlagt team", kind=ForumKind.RESOURCE_TEAM, unit=unit, chair_role=Role.LEADER, is_active=False
    )
    return [team, district]


def test_the_public_fora_overview_names_no_staff(fora: list[Forum]) -> None:
    kinds = fora_overview(audiences=PUBLIC, professional=False)

    team = next(k for k in kinds if k.kind == ForumKind.RESOURCE_TEAM)
    assert [(r.name, r.place, r.chair, r.cadence, r.duration, r.members) for r in team.fora] == [
        ("Ressourceteam Bakkeskolen", "Bakkeskolen", "Leader", "Every 5 weeks on Monday at 13:00",
         "1 hour and 30 minutes", ()),
    ]  # fmt: skip
    ttr = next(k for k in kinds if k.kind == ForumKind.TTR)
    district = fora[1].district
    assert district is not None
    assert [(r.place, r.cadence) for r in ttr.fora] == [(district.name, "When needed")]


def test_professionals_see_the_standing_participants(fora: list[Forum]) -> None:
    assert [r.members for r in fora_of_kind(ForumKind.RESOURCE_TEAM, professional=True)] == [("Rikke Rådgiver",)]
    assert [r.members for r in fora_of_kind(ForumKind.RESOURCE_TEAM, professional=False)] == [()]


def test_each_kind_comes_with_the_page_about_it_if_the_visitor_may_read_it(fora: list[Forum], no_pages: None) -> None:
    make_page("ressourceteam", forum_kind=ForumKind.RESOURCE_TEAM)
    make_page("traeffetid", forum_kind=ForumKind.OFFICE_HOURS, audience=Audience.PROFESSIONAL)

    public = {k.kind: k for k in fora_overview(audiences=PUBLIC, professional=False)}
    everyone = {k.kind: k for k in fora_overview(audiences=EVERYONE, professional=True)}

    assert list(public) == [ForumKind.RESOURCE_TEAM, ForumKind.TTR]  # the kinds' order; no empty kinds
    assert public[ForumKind.RESOURCE_TEAM].page is not None and public[ForumKind.TTR].page is None
    assert list(everyone) == [ForumKind.RESOURCE_TEAM, ForumKind.TTR, ForumKind.OFFICE_HOURS]
    assert everyone[ForumKind.OFFICE_HOURS].fora == []


def test_the_action_guide_lists_each_levels_steps_in_order(db: None) -> None:
    default_levels_and_guide()

    guide, levels = action_guide_overview()

    assert guide is not None
    assert [entry.level.code for entry in levels] == ["lille", "middel", "stor"]
    assert all(entry.steps for entry in levels)
    for entry in levels:
        assert [s.order for s in entry.steps] == sorted(s.order for s in entry.steps)
        assert {s.level_id for s in entry.steps} == {entry.level.pk}


def test_the_catalogue_groups_the_active_types_by_level(db: None) -> None:
    InterventionType.objects.all().delete()
    InterventionType.objects.create(name="Mentor", level="preventive", description="En voksen at tale med")
    InterventionType.objects.create(name="Legegruppe", level="general")
    InterventionType.objects.create(name="Familiebehandling", level="specialised")
    InterventionType.objects.create(name="Udgået", level="general", is_active=False)

    levels = intervention_catalogue()

    assert [(c.level, c.label, [t.name for t in c.types]) for c in levels] == [
        ("general", "General", ["Legegruppe"]),
        ("preventive", "Preventive", ["Mentor"]),
        ("specialised", "Specialised", ["Familiebehandling"]),
    ]
