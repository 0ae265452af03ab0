from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse

from trivsel.lib.time import today
from trivsel.plans.models import Goal, Intervention, ProgressEntry
from trivsel.plans.testing import catalogue, make_goal, make_intervention

DAY = datetime.timedelta(days=1)


def _client(user, language="en"):
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    return client


def test_a_professional_creates_an_intervention_and_its_goal(cast):
    client = _client(cast.pedagogue)
    url = reverse("plans:intervention_create", args=[cast.child.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "type": catalogue().pk, "responsible": cast.pedagogue.pk, "start": today().isoformat(),
        "planned_end": (today() + 60 * DAY).isoformat(), "evaluation_due": (today() + 42 * DAY).isoformat(),
    })  # fmt: skip
    intervention = Intervention.objects.get()
    assert response["Location"] == reverse("plans:goal_add", args=[cast.child.pk, intervention.pk])
    goal = client.post(
        response["Location"],
        {"title": "Siger farvel", "area": "trivsel", "owner": "child", "scale": "0-10", "target": 8},
    )
    assert goal["Location"] == reverse("plans:plan", args=[cast.child.pk])
    assert Goal.objects.get().intervention == intervention


def test_a_bad_target_keeps_the_form_with_a_danish_message(cast):
    intervention = make_intervention(cast.child, cast.pedagogue)
    client = _client(cast.pedagogue, "da")
    response = client.post(
        reverse("plans:goal_add", args=[cast.child.pk, intervention.pk]),
        {"title": "Lektier", "area": "lektier", "owner": "child", "scale": "gas", "target": 5},
    )
    html = response.content.decode()
    assert "Vælg en værdi fra -2 til 2." in html and 'value="Lektier"' in html


def test_the_plan_page_shows_the_chart_and_its_table(cast):
    goal = make_goal(make_intervention(cast.child, cast.pedagogue))
    ProgressEntry.objects.create(
        goal=goal, rater="professional", value=3, recorded_on=today() - 7 * DAY, recorded_by=cast.pedagogue
    )
    ProgressEntry.objects.create(
        goal=goal, rater="parent", value=5, recorded_on=today(), recorded_by=cast.parent, comment="Bedre"
    )
    html = _client(cast.pedagogue).get(reverse("plans:plan", args=[cast.child.pk])).content.decode()
    assert '<svg viewBox="0 0 560 200" role="img"' in html
    assert html.count('<polyline class="trivsel-series') == 2
    assert "Bedre" in html


def test_a_rating_is_added_from_the_plan(cast):
    goal = make_goal(make_intervention(cast.child, cast.pedagogue))
    client = _client(cast.pedagogue)
    response = client.post(
        reverse("plans:progress", args=[cast.child.pk, goal.pk]), {"rater": "child", "value": 6, "comment": ""}
    )
    assert response["Location"] == f"/boern/{cast.child.pk}/plan/#goal-{goal.pk}"
    assert ProgressEntry.objects.get().rater == "child"


def test_the_parent_sees_the_plan_and_rates_in_the_portal(cast):
    goal = make_goal(make_intervention(cast.child, cast.pedagogue))
    client = _client(cast.parent)
    html = client.get(reverse("portal:child", args=[cast.child.pk])).content.decode()
    assert "Siger farvel uden gråd" in html and "Your contact person" in html
    client.post(reverse("portal:progress", args=[cast.child.pk, goal.pk]), {"value": 7, "comment": "Gode morgener"})
    entry = ProgressEntry.objects.get()
    assert (entry.rater, entry.value, entry.guardian) == ("parent", 7, cast.mother)
    assert (
        _client(cast.other_parent)
        .post(reverse("portal:progress", args=[cast.child.pk, goal.pk]), {"value": 1})
        .status_code
        == 404
    )


def test_my_work(cast):
    make_intervention(cast.child, cast.pedagogue, evaluation_due=today() - DAY)
    html = _client(cast.pedagogue).get(reverse("plans:my_work")).content.decode()
    assert "Evaluate Mentor" in html and "Overdue" in html
