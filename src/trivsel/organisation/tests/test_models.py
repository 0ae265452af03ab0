from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from trivsel.organisation.models import UNIT_TRACK, EnrolmentTrack, Membership, Role, UnitKind
from trivsel.testing import factories as f


def test_every_unit_kind_has_a_track():
    assert set(UNIT_TRACK) == set(UnitKind.values)
    assert UNIT_TRACK[UnitKind.SCHOOL] != UNIT_TRACK[UnitKind.AFTER_SCHOOL]
    assert {UNIT_TRACK[k] for k in (UnitKind.CHILDMINDER, UnitKind.NURSERY, UnitKind.KINDERGARTEN)} == {
        EnrolmentTrack.DAYCARE
    }


def test_a_unit_reads_its_track_from_its_kind(db):
    assert f.UnitFactory(kind=UnitKind.CLUB).track == "leisure"
    assert f.UnitFactory(kind=UnitKind.HEALTH_VISITING).track == "health"


def test_names_read_as_people_see_them(db):
    group = f.GroupFactory(name="Rød stue", unit__name="Solsikken")
    membership = f.MembershipFactory(group=group, user__first_name="Pia", user__last_name="Holm")
    assert str(group) == "Rød stue (Solsikken)"
    assert str(membership) == "Pia Holm · Pedagogue / teacher · Rød stue (Solsikken)"


def _membership(**values) -> Membership:
    defaults = {"user": f.UserFactory(), "role": Role.LEADER, "start": datetime.date(2024, 1, 1)}
    return Membership(**{**defaults, **values})


def _errors(membership: Membership) -> dict[str, list[str | None]]:
    with pytest.raises(ValidationError) as exc:
        membership.clean()
    return {field: [e.code for e in errors] for field, errors in exc.value.error_dict.items()}


def test_a_frontline_membership_needs_a_group_of_its_unit(db):
    unit = f.UnitFactory()
    assert list(_errors(_membership(role=Role.FRONTLINE, unit=unit))) == ["group"]
    foreign = f.GroupFactory()
    assert list(_errors(_membership(role=Role.FRONTLINE, unit=unit, group=foreign))) == ["group"]
    _membership(role=Role.FRONTLINE, unit=unit, group=f.GroupFactory(unit=unit)).clean()


def test_a_district_adviser_needs_a_district_and_others_a_unit(db):
    assert list(_errors(_membership(role=Role.DISTRICT_ADVISER))) == ["district"]
    _membership(role=Role.DISTRICT_ADVISER, district=f.DistrictFactory()).clean()
    assert list(_errors(_membership(role=Role.CASE_WORKER))) == ["unit"]


def test_a_membership_ends_on_or_after_its_start(db):
    unit = f.UnitFactory()
    assert list(_errors(_membership(unit=unit, end=datetime.date(2023, 12, 31)))) == ["end"]
    _membership(unit=unit, end=datetime.date(2024, 1, 1)).clean()


def test_the_database_refuses_a_membership_without_a_place(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        _membership().save()


def test_a_membership_is_current_within_its_days(db):
    membership = _membership(end=datetime.date(2024, 7, 31))
    assert membership.is_current(datetime.date(2024, 1, 1))
    assert membership.is_current(datetime.date(2024, 7, 31))
    assert not membership.is_current(datetime.date(2024, 8, 1))
    assert not membership.is_current(datetime.date(2023, 12, 31))
