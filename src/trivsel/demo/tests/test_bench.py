from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trivsel.children.models import Child


@pytest.fixture
def plain_static(settings):
    # Without DEBUG the pages need collectstatic's manifest; tests use the finders instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_it_seeds_an_empty_database_and_prints_the_table(db, plain_static):
    out = io.StringIO()
    call_command("bench", "--children", "200", "--runs", "3", "--warmup", "1", stdout=out)
    output = out.getvalue()
    assert Child.objects.count() == 200
    assert "Seeded 200 children" in output
    lines = output.splitlines()
    header = lines.index("| Page | User | p50 ms | p95 ms | Target p95 ms | Queries | Queries, other subject |")
    rows = [line.split(" | ") for line in lines[header + 2 : header + 14]]
    assert [row[0] for row in rows] == [
        "| Mine børn",
        "| Mine børn",
        "| Child page",
        "| Search",
        "| Rating sheet",
        "| Joint sheet",
        "| Unit overview",
        "| District overview",
        "| Meeting page",
        "| Child's plan",
        "| My work",
        "| Journal PDF",
    ]
    for row in rows:
        p50, p95, queries, other = float(row[2]), float(row[3]), int(row[5]), int(row[6].rstrip(" |"))
        assert 0 < p50 <= p95
        assert queries == other > 0
    assert "Query counts equal for both subjects of every page: yes." in output


def test_it_refuses_to_bench_a_smaller_database_without_flush(db, plain_static):
    call_command("seed_demo", "--children", "50", stdout=io.StringIO())
    with pytest.raises(CommandError, match="fewer than 200"):
        call_command("bench", "--children", "200", "--runs", "1", stdout=io.StringIO())
    assert Child.objects.count() == 50
