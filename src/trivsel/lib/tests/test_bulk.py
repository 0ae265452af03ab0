"""Inserting plain rows: the values land in the right columns, foreign keys by id, on both databases."""

from __future__ import annotations

import pytest

from trivsel.lib.bulk import insert
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
    with pytest.raises(ValueError, match="Municipality.districts is not a column"):
        insert(Municipality, ("districts",), [(1,)])
