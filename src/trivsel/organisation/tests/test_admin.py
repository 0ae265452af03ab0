from __future__ import annotations

from django.urls import reverse

from trivsel.audit.models import AccessLog, FieldChange
from trivsel.organisation.models import District, Group, Membership, Municipality, Role, Unit, UnitKind
from trivsel.testing import factories as f


def _groups(rows: list[dict[str, str]], initial: int, unit: Unit | None) -> dict[str, str]:
    data = {
        "groups-TOTAL_FORMS": str(len(rows)),
        "groups-INITIAL_FORMS": str(initial),
        "groups-MIN_NUM_FORMS": "0",
        "groups-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"groups-{index}-{name}": value for name, value in row.items()})
        if unit is not None:
            data[f"groups-{index}-unit"] = str(unit.pk)
    return data


def test_a_unit_and_its_groups_are_added_through_the_services(cast, administrator_client):
    district = cast.unit.district
    data = {
        "name": "Skovly",
        "kind": UnitKind.NURSERY,
        "district": str(district.pk),
        "is_active": "on",
        **_groups([{"name": "Bien", "is_active": "on"}, {"name": "Myren", "is_active": "on"}], 0, None),
    }
    response = administrator_client.post(reverse("admin:organisation_unit_add"), data)
    assert response.status_code == 302, response.content.decode()
    unit = Unit.objects.get(name="Skovly")
    assert sorted(unit.groups.values_list("name", flat=True)) == ["Bien", "Myren"]
    assert sorted(AccessLog.objects.values_list("action", "object_type", "purpose")) == [
        ("create", "organisation.group", "administration"),
        ("create", "organisation.group", "administration"),
        ("create", "organisation.unit", "administration"),
    ]


def test_a_group_is_renamed_in_the_units_inline(cast, administrator_client):
    rows = [
        {"id": str(g.pk), "name": g.name, "is_active": "on"}
        for g in Group.objects.filter(unit=cast.unit).order_by("pk")
    ]
    rows[0]["name"] = "Rød stue 2"
    data = {
        "name": "Solsikken",
        "kind": UnitKind.KINDERGARTEN,
        "district": str(cast.unit.district_id),
        "is_active": "on",
        **_groups(rows, len(rows), cast.unit),
    }
    assert (
        administrator_client.post(reverse("admin:organisation_unit_change", args=[cast.unit.pk]), data).status_code
        == 302
    )
    cast.group.refresh_from_db()
    assert cast.group.name == "Rød stue 2"
    assert list(FieldChange.objects.values_list("field", "old_value", "new_value")) == [
        ("name", "Rød stue", "Rød stue 2")
    ]


def test_a_unit_with_children_cannot_become_another_track_in_the_admin(cast, administrator_client):
    rows = [
        {"id": str(g.pk), "name": g.name, "is_active": "on"}
        for g in Group.objects.filter(unit=cast.unit).order_by("pk")
    ]
    data = {
        "name": "Solsikken skole",
        "kind": UnitKind.SCHOOL,
        "district": str(cast.unit.district_id),
        "is_active": "on",
        **_groups(rows, len(rows), cast.unit),
    }
    response = administrator_client.post(reverse("admin:organisation_unit_change", args=[cast.unit.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Children are enrolled in this unit, so its kind cannot change to another track." in html
    assert 'value="Solsikken skole"' in html
    assert Unit.objects.get(pk=cast.unit.pk).name == "Solsikken"
    assert not AccessLog.objects.filter(object_type="organisation.unit").exists()


def test_units_are_filtered_by_kind_and_district(cast, administrator_client):
    school = f.UnitFactory(name="Bakkeskolen", kind=UnitKind.SCHOOL, district=cast.unit.district)
    url = reverse("admin:organisation_unit_changelist")
    html = administrator_client.get(url, {"kind__exact": UnitKind.SCHOOL}).content.decode()
    assert school.name in html and "Solsikken" not in html
    html = administrator_client.get(url, {"district__id__exact": cast.unit.district_id}).content.decode()
    assert school.name in html and "Solsikken" in html and "Børn og Familie" not in html


def test_a_membership_is_added_through_the_service(cast, administrator_client):
    data = {
        "user": str(cast.outsider.pk),
        "role": Role.LEADER,
        "profession": "",
        "unit": str(cast.unit.pk),
        "group": "",
        "district": "",
        "start": "2024-01-01",
        "end": "",
    }
    assert administrator_client.post(reverse("admin:organisation_membership_add"), data).status_code == 302
    membership = Membership.objects.get(user=cast.outsider, role=Role.LEADER)
    entry = AccessLog.objects.get(object_type="organisation.membership")
    assert (entry.action, entry.object_id) == ("create", membership.pk)


def test_a_membership_breaking_the_rules_is_shown_and_not_saved(cast, administrator_client):
    before = Membership.objects.count()
    data = {
        "user": str(cast.outsider.pk),
        "role": Role.FRONTLINE,
        "profession": "paedagog",
        "unit": str(cast.unit.pk),
        "group": "",
        "district": "",
        "start": "2024-01-01",
        "end": "2023-12-31",
    }
    response = administrator_client.post(reverse("admin:organisation_membership_add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pedagogues and teachers must belong to a group." in html
    assert "The end date must be on or after the start date." in html
    assert 'value="2023-12-31"' in html
    assert Membership.objects.count() == before
    assert not AccessLog.objects.exists()


def test_a_membership_is_ended_and_the_change_logged(cast, administrator_client):
    membership = Membership.objects.get(user=cast.leader)
    data = {
        "role": Role.LEADER,
        "profession": "",
        "unit": str(cast.unit.pk),
        "group": "",
        "district": "",
        "start": "2020-01-01",
        "end": "2025-06-30",
    }
    url = reverse("admin:organisation_membership_change", args=[membership.pk])
    assert administrator_client.post(url, data).status_code == 302
    assert list(FieldChange.objects.values_list("field", "old_value", "new_value")) == [("end", "", "2025-06-30")]


def test_memberships_are_filtered_by_role(cast, administrator_client):
    response = administrator_client.get(
        reverse("admin:organisation_membership_changelist"), {"role__exact": Role.CASE_WORKER}
    )
    assert [m.user for m in response.context["cl"].result_list] == [cast.case_worker]


def test_a_district_is_added_through_the_service(cast, administrator_client):
    municipality = Municipality.objects.get()
    data = {"municipality": str(municipality.pk), "name": "Syd"}
    assert administrator_client.post(reverse("admin:organisation_district_add"), data).status_code == 302
    district = District.objects.get(name="Syd")
    assert AccessLog.objects.get(object_type="organisation.district").object_id == district.pk


def test_there_is_one_municipality_and_nothing_organisational_is_deleted(cast, administrator_client):
    assert administrator_client.get(reverse("admin:organisation_municipality_add")).status_code == 403
    assert administrator_client.get(reverse("admin:organisation_unit_delete", args=[cast.unit.pk])).status_code == 403
    assert administrator_client.get(reverse("admin:organisation_group_delete", args=[cast.group.pk])).status_code == 403
    membership = Membership.objects.get(user=cast.leader)
    assert (
        administrator_client.get(reverse("admin:organisation_membership_delete", args=[membership.pk])).status_code
        == 403
    )


def test_a_group_keeps_its_unit(cast, administrator_client):
    url = reverse("admin:organisation_group_change", args=[cast.group.pk])
    other = f.UnitFactory()
    response = administrator_client.post(url, {"unit": str(other.pk), "name": "Rød stue", "is_active": ""})
    assert response.status_code == 302
    cast.group.refresh_from_db()
    assert (cast.group.unit, cast.group.is_active) == (cast.unit, False)
