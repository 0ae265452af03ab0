from __future__ import annotations

from trivsel.effect.places import ROOT, may_view, places, visible_nodes


def test_who_sees_which_place(town):
    tree = places()
    north, south = f"d{town.north.pk}", f"d{town.south.pk}"
    solsikken, school = f"u{town.cast.unit.pk}", f"u{town.school.pk}"
    assert visible_nodes(town.cast.leader, tree) == [solsikken]
    assert visible_nodes(town.adviser, tree) == [north]
    assert visible_nodes(town.district_analyst, tree) == [south]
    seen = visible_nodes(town.analyst, tree)
    assert seen[0] == ROOT and {north, south} <= set(seen) and all(n[0] in "md" for n in seen)
    for nobody in (town.cast.pedagogue, town.cast.case_worker, town.cast.parent, town.cast.administrator):
        assert visible_nodes(nobody, tree) == []
    assert may_view(town.adviser, solsikken, tree) and not may_view(town.adviser, school, tree)
    assert may_view(town.analyst, school, tree) and not may_view(town.cast.leader, north, tree)
    assert not may_view(town.analyst, "u999999", tree)


def test_the_tree_puts_units_in_their_districts(town):
    tree = places()
    assert tree.parent[f"u{town.school.pk}"] == f"d{town.south.pk}"
    assert tree.labels[f"d{town.north.pk}"] == "Nord"
    assert set(tree.unit_ids(f"d{town.north.pk}") or []) == {town.cast.unit.pk, town.other_unit.pk}
    assert tree.unit_ids(ROOT) is None
