from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from trivsel.audit.models import AccessLog
from trivsel.lib.time import today
from trivsel.organisation.models import Role
from trivsel.screening.models import Rating, Screening, ScreeningRound
from trivsel.screening.testing import make_rating, make_round, make_screening
from trivsel.testing import factories as f


def _client(user, language="en"):
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    return client


@pytest.fixture
def open_round(cast, scale):
    return make_round(cast.unit, cast.leader)


def test_the_home_page_lists_rounds_and_what_a_leader_may_do(cast, open_round):
    html = _client(cast.leader).get(reverse("screening:home")).content.decode()
    assert "Efterår 2026" in html
    assert reverse("screening:round_create", args=[cast.unit.pk]) in html
    assert reverse("screening:unit_overview", args=[cast.unit.pk]) in html
    pedagogue = _client(cast.pedagogue).get(reverse("screening:home")).content.decode()
    assert "Efterår 2026" in pedagogue and reverse("screening:round_create", args=[cast.unit.pk]) not in pedagogue


def test_a_leader_opens_a_round_through_the_form(cast, scale):
    client = _client(cast.leader)
    url = reverse("screening:round_create", args=[cast.unit.pk])
    assert client.get(url).status_code == 200
    deadline = today() + datetime.timedelta(days=30)
    response = client.post(url, {"name": "Efterår 2026", "deadline": deadline.isoformat(), "per_dimension": "on"})
    screening_round = ScreeningRound.objects.get()
    assert response["Location"] == reverse("screening:round", args=[screening_round.pk])
    assert (screening_round.deadline, screening_round.per_dimension) == (deadline, True)


def test_an_invalid_round_is_shown_again_in_danish_with_what_was_typed(cast, scale):
    client = _client(cast.leader, language="da")
    url = reverse("screening:round_create", args=[cast.unit.pk])
    response = client.post(url, {"name": "Forår 2027", "deadline": "2020-01-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fristen kan ikke ligge i fortiden." in html
    assert 'value="Forår 2027"' in html
    assert not ScreeningRound.objects.exists()


def test_the_rating_sheet_saves_one_child_with_htmx(cast, open_round):
    client = _client(cast.pedagogue)
    sheet = client.get(reverse("screening:sheet", args=[open_round.pk, cast.group.pk]))
    assert sheet.status_code == 200 and "Emma Nielsen" in sheet.content.decode()
    url = reverse("screening:rate", args=[open_round.pk, cast.child.pk])
    response = client.post(url, {"position": "gul", "comment": "", "group": cast.group.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().strip() == "Saved: Gul"
    assert Rating.objects.get().position.code == "gul"


def test_a_rating_without_a_position_says_so_and_saves_nothing(cast, open_round):
    client = _client(cast.pedagogue, language="da")
    url = reverse("screening:rate", args=[open_round.pk, cast.child.pk])
    response = client.post(url, {"comment": "Glad", "group": cast.group.pk}, HTTP_HX_REQUEST="true")
    assert "Vælg en position for Emma." in response.content.decode()
    assert not Rating.objects.exists()


def test_without_javascript_a_rating_redirects_back_to_the_sheet(cast, open_round):
    client = _client(cast.pedagogue)
    url = reverse("screening:rate", args=[open_round.pk, cast.child.pk])
    response = client.post(url, {"position": "groen", "group": cast.group.pk})
    assert response["Location"] == reverse("screening:sheet", args=[open_round.pk, cast.group.pk])


def test_the_joint_sheet_marks_disagreement_and_the_next_step_link(cast, open_round):
    make_rating(open_round, cast.child, cast.pedagogue, "gul")
    make_rating(open_round, cast.child, cast.leader, "roed")
    client = _client(cast.pedagogue)
    html = client.get(reverse("screening:joint", args=[open_round.pk, cast.group.pk])).content.decode()
    assert "Disagreement" in html and "trivsel-sheet-row--disagree" in html
    url = reverse("screening:agree", args=[open_round.pk, cast.child.pk])
    response = client.post(url, {"position": "roed", "comment": "", "group": cast.group.pk}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "Agreed: Rød" in text and reverse("screening:next_step", args=[open_round.pk, cast.child.pk]) in text
    assert Screening.objects.get().position.code == "roed"


def test_the_next_step_form_records_a_local_plan(cast, open_round):
    make_screening(open_round, cast.child, cast.group, cast.pedagogue, "gul")
    client = _client(cast.pedagogue)
    url = reverse("screening:next_step", args=[open_round.pk, cast.child.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"kind": "local_plan", "note": ""})
    assert "Describe the next step" in bad.content.decode()
    response = client.post(url, {"kind": "local_plan", "note": "Pia laver legeaftaler med Emma i to uger"})
    assert response["Location"] == reverse("screening:joint", args=[open_round.pk, cast.group.pk])
    assert Screening.objects.get().next_step == "local_plan"


def test_closing_with_missing_next_steps_shows_the_message(cast, open_round):
    make_screening(open_round, cast.child, cast.group, cast.pedagogue, "gul")
    client = _client(cast.leader, language="da")
    response = client.post(reverse("screening:round_close", args=[open_round.pk]), follow=True)
    html = response.content.decode()
    assert "har ikke noget næste skridt: Emma Nielsen" in html
    open_round.refresh_from_db()
    assert open_round.is_open


def test_the_overviews_render(cast, open_round):
    make_screening(open_round, cast.child, cast.group, cast.pedagogue, "gul")
    html = _client(cast.leader).get(reverse("screening:unit_overview", args=[cast.unit.pk])).content.decode()
    assert "Children by group and position" in html and "Emma Nielsen" in html
    adviser = f.MembershipFactory(role=Role.DISTRICT_ADVISER, group=None, unit=None, district=cast.unit.district).user
    district = (
        _client(adviser).get(reverse("screening:district_overview", args=[cast.unit.district_id])).content.decode()
    )
    assert "Solsikken" in district and "Emma" not in district


def test_the_child_page_shows_the_position_timeline(cast, open_round):
    make_screening(open_round, cast.child, cast.group, cast.pedagogue, "gul")
    html = _client(cast.pedagogue).get(reverse("children:detail", args=[cast.child.pk])).content.decode()
    assert "trivsel-timeline" in html and "Efterår 2026 · Solsikken" in html


def test_the_sheet_page_makes_the_same_number_of_queries_for_more_children(
    cast, open_round, django_assert_max_num_queries
):
    client = _client(cast.leader)
    url = reverse("screening:joint", args=[open_round.pk, cast.group.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for child in [f.EnrolmentFactory(group=cast.group).child for _ in range(8)]:
        make_rating(open_round, child, cast.pedagogue, "gul")
        make_rating(open_round, child, cast.leader, "groen")
        make_screening(open_round, child, cast.group, cast.leader, "gul")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    assert AccessLog.objects.filter(purpose="screening", action="read").count() == 1 + 1 + 9


def test_the_joint_sheet_names_the_dimensions_the_raters_differ_on(cast, scale):
    screening_round = make_round(cast.unit, cast.leader, per_dimension=True)
    make_rating(screening_round, cast.child, cast.pedagogue, "gul", dimensions={"selvvaerd": "roed"})
    make_rating(screening_round, cast.child, cast.leader, "gul", dimensions={"selvvaerd": "gul"})
    html = (
        _client(cast.pedagogue)
        .get(reverse("screening:joint", args=[screening_round.pk, cast.group.pk]))
        .content.decode()
    )
    assert "They also differ on dimensions: Positivt selvværd" in html
