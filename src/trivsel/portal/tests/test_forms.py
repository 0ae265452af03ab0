from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from trivsel.consent.selectors import recipient_units
from trivsel.organisation.models import Role, UnitKind
from trivsel.portal.forms import ParentConsentForm
from trivsel.testing import factories as f


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _data(**overrides):
    data = {
        "purpose": "discussion",
        "information": "Observations from daycare",
        "roles": ["frontline"],
        "valid_from": "2026-03-01",
        "valid_until": "2027-02-28",
    }
    data.update(overrides)
    return data


def test_it_offers_the_childs_current_units_and_the_municipal_services(cast):
    ppr = f.UnitFactory(name="PPR Nord", kind=UnitKind.PPR, district=None)
    health = f.UnitFactory(name="Sundhedsplejen", kind=UnitKind.HEALTH_VISITING, district=None)
    bof = cast.case_worker.memberships.get().unit
    f.UnitFactory(name="Lukket PPR", kind=UnitKind.PPR, is_active=False)
    f.UnitFactory(name="Mælkebøtten", kind=UnitKind.KINDERGARTEN)  # another kindergarten: not offered
    former = f.UnitFactory(name="Gammel vuggestue", kind=UnitKind.NURSERY)
    f.EnrolmentFactory(
        child=cast.child,
        group=f.GroupFactory(unit=former),
        start=datetime.date(2021, 8, 1),
        end=datetime.date(2023, 7, 31),
    )

    units = list(recipient_units(cast.child))

    assert sorted(u.name for u in units) == sorted([cast.unit.name, ppr.name, health.name, bof.name])


def test_it_defaults_to_a_period_of_one_year_from_today(cast, monkeypatch):
    monkeypatch.setattr("trivsel.consent.forms.today", lambda: datetime.date(2024, 2, 29))
    form = ParentConsentForm(child=cast.child)
    assert form.initial["valid_from"] == datetime.date(2024, 2, 29)
    assert form.initial["valid_until"] == datetime.date(2025, 2, 28)


def test_it_turns_the_choices_into_recipients(cast):
    form = ParentConsentForm(_data(units=[str(cast.unit.pk)], roles=["frontline", "leader"]), child=cast.child)

    assert form.is_valid(), form.errors
    recipients = form.recipients()
    assert [(r.kind, r.unit, r.role) for r in recipients] == [
        ("unit", cast.unit, ""),
        ("role", None, Role.FRONTLINE),
        ("role", None, Role.LEADER),
    ]


def test_it_refuses_a_period_that_ends_before_it_starts(cast):
    form = ParentConsentForm(_data(valid_from="2026-05-01", valid_until="2026-04-30"), child=cast.child)

    assert not form.is_valid()
    assert form.errors == {"valid_until": ["The consent cannot end before it starts."]}


def test_it_requires_at_least_one_recipient(cast):
    form = ParentConsentForm(_data(roles=[]), child=cast.child)

    assert not form.is_valid()
    assert form.non_field_errors() == ["Choose at least one unit or role that may receive the information."]


def test_it_refuses_a_unit_the_parent_was_not_offered(cast):
    elsewhere = f.UnitFactory(name="Mælkebøtten", kind=UnitKind.KINDERGARTEN)

    form = ParentConsentForm(_data(units=[str(elsewhere.pk)]), child=cast.child)

    assert not form.is_valid()
    assert list(form.errors) == ["units"]
