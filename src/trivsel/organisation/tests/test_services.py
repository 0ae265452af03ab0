from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trivsel.audit.models import AccessLog, Action, FieldChange
from trivsel.organisation import services
from trivsel.organisation.models import District, Group, Membership, Role, Unit, UnitKind
from trivsel.testing import factories as f


def _changes(entry: AccessLog) -> list[tuple[str, str, str]]:
    return sorted(FieldChange.objects.filter(log=entry).values_list("field", "old_value", "new_value"))


def test_it_creates_a_district_and_logs_it(cast):
    municipality = f.MunicipalityFactory()
    district = services.district_create(actor=cast.administrator, municipality=municipality, name=" Nord ")
    assert district.name == "Nord"
    entry = AccessLog.objects.get(object_type="organisation.district")
    assert (entry.action, entry.user_id, entry.object_id, entry.child_id, entry.purpose) == (
        "create",
        cast.administrator.pk,
        district.pk,
        None,
        "administration",
    )
    assert _changes(entry) == [("municipality", "", str(municipality.pk)), ("name", "", "Nord")]


def test_it_logs_only_the_fields_that_changed(cast):
    district = f.DistrictFactory(name="Nord")
    services.district_update(
        actor=cast.administrator, district=district, municipality=district.municipality, name="Nordvest"
    )
    assert District.objects.get(pk=district.pk).name == "Nordvest"
    entry = AccessLog.objects.get(action=Action.CHANGE)
    assert entry.changed_fields == ["name"]
    assert _changes(entry) == [("name", "Nord", "Nordvest")]


def test_an_update_that_changes_nothing_logs_nothing(cast):
    district = f.DistrictFactory(name="Nord")
    services.district_update(
        actor=cast.administrator, district=district, municipality=district.municipality, name="Nord"
    )
    assert not AccessLog.objects.exists()


def test_it_compares_with_the_stored_row_even_when_a_form_has_set_the_new_values(cast):
    unit = f.UnitFactory(name="Solen")
    unit.name = "Månen"  # what a ModelForm does before the admin calls the service
    services.unit_update(
        actor=cast.administrator, unit=unit, name="Månen", kind=unit.kind, district=unit.district, is_active=True
    )
    assert _changes(AccessLog.objects.get(action=Action.CHANGE)) == [("name", "Solen", "Månen")]


def test_a_duplicate_district_name_is_refused(cast):
    district = f.DistrictFactory(name="Nord")
    with pytest.raises(ValidationError):
        services.district_create(actor=cast.administrator, municipality=district.municipality, name="Nord")
    assert District.objects.filter(name="Nord").count() == 1
    assert not AccessLog.objects.exists()


def test_only_an_administrator_changes_the_organisation(cast):
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=cast.leader, name="Ny", kind=UnitKind.SCHOOL, district=None)
    with pytest.raises(PermissionDenied):
        services.group_update(actor=cast.leader, group=cast.group, name="X", is_active=True)
    with pytest.raises(PermissionDenied):
        services.membership_create(
            actor=cast.leader, user=cast.outsider, role=Role.LEADER, unit=cast.unit, start=datetime.date(2024, 1, 1)
        )
    assert not Unit.objects.filter(name="Ny").exists()


def test_it_creates_and_changes_units_and_groups(cast):
    unit = services.unit_create(actor=cast.administrator, name="Skovly", kind=UnitKind.NURSERY, district=None)
    group = services.group_create(actor=cast.administrator, unit=unit, name="Bien")
    services.group_update(actor=cast.administrator, group=group, name="Bien", is_active=False)
    assert Group.objects.get(pk=group.pk).is_active is False
    assert list(AccessLog.objects.order_by("id").values_list("action", "object_type")) == [
        ("create", "organisation.unit"),
        ("create", "organisation.group"),
        ("change", "organisation.group"),
    ]


def test_a_unit_with_enrolments_keeps_its_track(cast):
    # Solsikken (a kindergarten) has Emma enrolled: integrated daycare is the same track, school is not.
    with pytest.raises(ValidationError) as exc:
        services.unit_update(
            actor=cast.administrator,
            unit=cast.unit,
            name="Solsikken",
            kind=UnitKind.SCHOOL,
            district=cast.unit.district,
            is_active=True,
        )
    assert exc.value.error_dict["kind"][0].code == "unit_track_change"
    assert Unit.objects.get(pk=cast.unit.pk).kind == UnitKind.KINDERGARTEN
    services.unit_update(
        actor=cast.administrator,
        unit=cast.unit,
        name="Solsikken",
        kind=UnitKind.INTEGRATED,
        district=cast.unit.district,
        is_active=True,
    )
    assert Unit.objects.get(pk=cast.unit.pk).kind == UnitKind.INTEGRATED


def test_a_unit_without_enrolments_may_change_track(cast):
    unit = f.UnitFactory(kind=UnitKind.KINDERGARTEN)
    services.unit_update(
        actor=cast.administrator, unit=unit, name=unit.name, kind=UnitKind.SCHOOL, district=None, is_active=True
    )
    assert Unit.objects.get(pk=unit.pk).track == "school"


def test_it_gives_and_ends_a_membership_and_logs_both(cast):
    membership = services.membership_create(
        actor=cast.administrator,
        user=cast.outsider,
        role=Role.LEADER,
        unit=cast.unit,
        start=datetime.date(2024, 1, 1),
    )
    services.membership_update(
        actor=cast.administrator,
        membership=membership,
        role=Role.LEADER,
        unit=cast.unit,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
    )
    assert Membership.objects.get(pk=membership.pk).end == datetime.date(2024, 12, 31)
    create, change = AccessLog.objects.filter(object_type="organisation.membership").order_by("id")
    assert create.changed_fields == ["district", "end", "group", "profession", "role", "start", "unit", "user"]
    assert _changes(change) == [("end", "", "2024-12-31")]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"role": Role.FRONTLINE, "unit_key": "unit"}, "group"),
        ({"role": Role.DISTRICT_ADVISER}, "district"),
        ({"role": Role.LEADER}, "unit"),
        ({"role": Role.LEADER, "unit_key": "unit", "end": datetime.date(2023, 12, 31)}, "end"),
        ({"role": Role.FRONTLINE, "unit_key": "unit", "group_key": "foreign_group"}, "group"),
    ],
)
def test_a_membership_that_breaks_the_rules_is_refused(cast, values, field):
    foreign_group = f.GroupFactory()
    values = dict(values)
    kwargs = {"role": values["role"], "start": datetime.date(2024, 1, 1), "end": values.get("end")}
    if values.get("unit_key"):
        kwargs["unit"] = cast.unit
    if values.get("group_key"):
        kwargs["group"] = foreign_group
    before = Membership.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.membership_create(actor=cast.administrator, user=cast.outsider, **kwargs)
    assert field in exc.value.error_dict
    assert Membership.objects.count() == before
    assert not AccessLog.objects.exists()


def test_the_municipality_is_created_and_renamed(cast):
    municipality = services.municipality_create(actor=cast.administrator, name="Egekommune", code="999")
    services.municipality_update(actor=cast.administrator, municipality=municipality, name="Bøgekommune", code="999")
    assert _changes(AccessLog.objects.get(action=Action.CHANGE)) == [("name", "Egekommune", "Bøgekommune")]
