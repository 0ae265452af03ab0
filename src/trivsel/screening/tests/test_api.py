from __future__ import annotations

import json

import pytest
from django.test import Client

from trivsel.audit.models import AccessLog
from trivsel.screening.models import Rating, Screening
from trivsel.screening.testing import make_rating, make_round


@pytest.fixture
def open_round(cast, scale):
    return make_round(cast.unit, cast.leader)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _put(client, path, body):
    return client.put(path, json.dumps(body), content_type="application/json")


def test_the_rounds_and_a_groups_sheet(cast, open_round):
    make_rating(open_round, cast.child, cast.leader, "gul")
    client = _client(cast.pedagogue)
    rounds = client.get("/api/v1/screening/rounds").json()
    assert [(r["id"], r["name"], r["unit"]["name"]) for r in rounds] == [(open_round.pk, "Efterår 2026", "Solsikken")]
    sheet = client.get(f"/api/v1/screening/rounds/{open_round.pk}/groups/{cast.group.pk}").json()
    assert [p["code"] for p in sheet["positions"]] == ["groen", "gul", "roed"]
    (row,) = sheet["rows"]
    assert (row["child"]["first_name"], row["own"], [r["position"] for r in row["ratings"]], row["joint"]) == (
        "Emma",
        None,
        ["gul"],
        None,
    )
    assert AccessLog.objects.filter(action="read", child_id=cast.child.pk, purpose="screening").count() == 1


def test_saving_own_and_joint_ratings(cast, open_round):
    client = _client(cast.pedagogue)
    base = f"/api/v1/screening/rounds/{open_round.pk}/children/{cast.child.pk}"
    response = _put(client, f"{base}/rating", {"position": "gul", "text": "Trist"})
    assert response.status_code == 200
    assert response.json() == {"rater": str(cast.pedagogue), "position": "gul", "dimensions": {}, "comment": "Trist"}
    joint = _put(client, f"{base}/joint", {"position": "roed"})
    assert joint.status_code == 200 and joint.json()["next_step"] is None
    assert (Rating.objects.get().position.code, Screening.objects.get().position.code) == ("gul", "roed")


def test_a_bad_position_is_422_with_the_field(cast, open_round):
    response = _put(
        _client(cast.pedagogue),
        f"/api/v1/screening/rounds/{open_round.pk}/children/{cast.child.pk}/rating",
        {"position": "blaa"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"position": ["Vælg en position på skalaen."]}


def test_someone_who_does_not_rate_the_child_gets_404_logged(cast, open_round):
    path = f"/api/v1/screening/rounds/{open_round.pk}/children/{cast.child.pk}/rating"
    assert _put(_client(cast.other_pedagogue), path, {"position": "gul"}).status_code == 404
    assert (
        _client(cast.other_pedagogue)
        .get(f"/api/v1/screening/rounds/{open_round.pk}/groups/{cast.group.pk}")
        .status_code
        == 404
    )
    denied = AccessLog.objects.get(action="denied")
    assert (denied.child_id, denied.status) == (cast.child.pk, 404)
    assert not Rating.objects.exists()
