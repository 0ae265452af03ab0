"""Inserting plain rows: the values land in the right columns, foreign keys by id, on both databases."""

from __future__ import annotations

import pytest

from trivsel.lib.bulk import insert, update
from trivsel.organisation.models import District, Municipality
from trivsel.testing.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_insert_writes_each_value_to_its_column_with_foreign_keys_by_id():
    municipality = MunicipalityFactory()
    insert(District, ("municipality", "name"), [(municipality.pk, "Nord"), (municipality.pk, "Syd")])
    assert sorted(District.objects.values_list("municipality_id", "name")) == [
        (municipality.pk, "Nord"),
        (municipality.pk, "Syd"),
    ]


def test_insert_of_no_rows_writes_nothing():
    insert(District, ("municipality", "name"), [])
    assert not District.objects.exists()


def test_insert_refuses_a_name_that_is_not_a_column():
    with pytest.raises(ValueError, match=r"Municipality\.districts is not a column"):
        insert(Municipality, ("districts",), [(1,)])


def test_update_sets_the_fields_of_each_row_by_its_primary_key():
    first, second = MunicipalityFactory(name="A", code="101"), MunicipalityFactory(name="B", code="147")
    districts = [District.objects.create(municipality=first, name=n) for n in ("Nord", "Syd", "Øst")]
    update(
        District,
        ("municipality", "name"),
        [(districts[0].pk, second.pk, "Nordvest"), (districts[2].pk, first.pk, "Øst")],
    )
    assert sorted(District.objects.values_list("name", "municipality_id")) == [
        ("Nordvest", second.pk), ("Syd", first.pk), ("Øst", first.pk),
    ]  # fmt: skip


def test_update_of_no_rows_changes_nothing():
    update(District, ("name",), [])
    assert not District.objects.exists()
