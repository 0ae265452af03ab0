from __future__ import annotations

import csv
import datetime
import io

from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from trivsel.audit.models import AccessLog
from trivsel.effect.refresh import indicators_refresh
from trivsel.screening.testing import make_round, make_screening


def client_for(user):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def _screen(town, codes):
    autumn = make_round(town.cast.unit, town.cast.leader, opened_on=datetime.date(2026, 9, 1))
    for child, code in zip(town.solsikken, codes, strict=True):
        make_screening(autumn, child, town.cast.group, town.cast.leader, code)
    indicators_refresh()


def test_a_leader_sees_the_dashboard_of_the_unit(town):
    _screen(town, ["groen"] * 12)
    page = client_for(town.cast.leader).get("/effekt/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Solsikken" in text and "Positions in the screening rounds" in text and "<5" not in text.split("<main")[0]
    assert "Emma" not in text and "Nielsen" not in text
    row = AccessLog.objects.get(purpose="effect_dashboard")
    assert (row.action, row.child_id, row.user_id) == ("read", None, town.cast.leader.pk)
    assert row.search_criterion.startswith(f"u{town.cast.unit.pk} ")


def test_who_may_open_the_dashboard(town):
    node = f"u{town.school.pk}"
    assert client_for(town.cast.pedagogue).get("/effekt/").status_code == 403
    assert client_for(town.cast.parent).get("/effekt/").status_code == 403
    # Another unit is not among the leader's choices: the form says so, and no figure is shown.
    other = client_for(town.cast.leader).get(f"/effekt/?sted={node}&fra=2026-1&til=2026-2").content.decode()
    assert "Select a valid choice" in other and "Positions in the screening rounds" not in other
    assert client_for(town.analyst).get(f"/effekt/?sted={node}&fra=2026-1&til=2026-2").status_code == 200
    assert (
        client_for(town.district_analyst).get(f"/effekt/?sted=d{town.south.pk}&fra=2026-1&til=2026-2").status_code
        == 200
    )


def test_a_bad_choice_is_explained_and_keeps_the_rest(town):
    page = client_for(town.analyst).get(f"/effekt/?sted=d{town.north.pk}&fra=2026-2&til=2026-1")
    text = page.content.decode()
    assert "The last half-year must not come before the first." in text
    assert f'<option value="d{town.north.pk}" selected>' in text and 'value="2026-2" selected' in text
    assert "Positions in the screening rounds" not in text


def test_exports_keep_the_suppression(town):
    _screen(town, ["groen"] * 6 + ["gul"] * 3 + ["roed"] * 3)
    query = f"sted=u{town.cast.unit.pk}&fra=2026-2&til=2026-2"
    leader = client_for(town.cast.leader)
    response = leader.get(f"/effekt/eksport/positions.csv?{query}")
    assert response["Content-Disposition"] == 'attachment; filename="trivsel-positions-2026-2-2026-2.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Joint positions by half-year"]
    assert rows[1] == ["Half-year", "Grøn", "Gul", "Rød", "Total"]
    assert rows[2] == ["H2 2026", "6", "<5", "<5", "12"]
    workbook = load_workbook(io.BytesIO(leader.get(f"/effekt/eksport/positions.xlsx?{query}").content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[3]] == ["H2 2026", 6, "<5", "<5", 12]
    assert AccessLog.objects.filter(purpose="effect_dashboard", action="export").count() == 2
    assert leader.get(f"/effekt/eksport/nothing.csv?{query}").status_code == 404
    assert leader.get(f"/effekt/eksport/positions.pdf?{query}").status_code == 404


def test_the_page_says_when_the_figures_were_counted(town):
    leader = client_for(town.cast.leader)
    assert "The figures have not been counted yet" in leader.get("/effekt/").content.decode()
    call_command("refresh_indicators", stdout=io.StringIO())
    assert "Figures counted " in leader.get("/effekt/").content.decode()
