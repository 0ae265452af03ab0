from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from trivsel.audit.models import AccessLog
from trivsel.concerns.models import Concern, ConcernStep
from trivsel.concerns.tests.factories import make_concern, make_step
from trivsel.lib.time import today
from trivsel.testing import factories as f


@pytest.fixture
def staff(cast, client):
    client.cookies["django_language"] = "en"
    client.force_login(cast.pedagogue)
    return client


def _form(**overrides):
    data = {
        "observed_on": (today() - datetime.timedelta(days=1)).isoformat(),
        "description": "Sidder alene ved frokost",
        "areas": ["trivsel", "adfaerd"],
        "level": "lille",
    }
    data.update(overrides)
    return data


def test_the_form_offers_the_levels_with_their_descriptions(cast, levels, staff):
    response = staff.get(reverse("concerns:create", args=[cast.child.pk]))
    assert response.status_code == 200
    assert [level.code for level in response.context["form"].levels] == ["lille", "middel", "stor"]
    assertContains(response, f'<span class="form-hint" id="id_level_2_hint">{levels["stor"].description}</span>')
    assertContains(response, 'value="adfaerd"')


def test_a_pedagogue_records_a_concern_and_lands_on_its_page(cast, levels, staff):
    response = staff.post(reverse("concerns:create", args=[cast.child.pk]), _form())
    concern = Concern.objects.get()
    assertRedirects(response, reverse("concerns:detail", args=[cast.child.pk, concern.pk]))
    assert (concern.areas, concern.level.code, concern.reported_by) == (["trivsel", "adfaerd"], "lille", cast.pedagogue)


def test_bad_input_keeps_what_was_typed(cast, levels, staff):
    future = (today() + datetime.timedelta(days=2)).isoformat()
    response = staff.post(reverse("concerns:create", args=[cast.child.pk]), _form(observed_on=future, areas=[]))
    assert response.status_code == 200
    assert Concern.objects.count() == 0
    form = response.context["form"]
    assert form.errors == {"areas": ["This field is required."]}
    assertContains(response, "Sidder alene ved frokost")
    assertContains(response, f'value="{future}"')
    assertContains(response, 'value="lille" checked')


def test_a_date_in_the_future_is_refused_by_the_service(cast, levels, staff):
    future = (today() + datetime.timedelta(days=2)).isoformat()
    response = staff.post(reverse("concerns:create", args=[cast.child.pk]), _form(observed_on=future))
    assert response.context["form"].errors == {"observed_on": ["The date of the observation cannot be in the future."]}


def test_the_concern_page_shows_the_guide_steps_and_is_logged(cast, levels, staff):
    concern = make_concern(cast.child, cast.pedagogue, levels["stor"], observed_on=today() - datetime.timedelta(days=3))
    make_step(concern, cast.leader, "droeft-med-lederen", step_title="Drøft straks med lederen", done_on=today())
    response = staff.get(reverse("concerns:detail", args=[cast.child.pk, concern.pk]))
    assert response.status_code == 200
    assert [row["state"].done is not None for row in response.context["rows"]] == [True, False, False, False]
    assertContains(response, "Underret kommunen")
    assertContains(response, "3 days ago")
    assertContains(response, "1 of 4 steps done.")
    assertContains(response, f"on {today():%d-%m-%Y} by {cast.leader}")
    assertContains(response, "Mark as done", count=3)
    log = AccessLog.objects.get(action="read", purpose="concern")
    assert (log.child_id, log.path) == (cast.child.pk, f"/boern/{cast.child.pk}/bekymringer/{concern.pk}/")


def test_a_step_is_marked_done(cast, levels, staff):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"], observed_on=today())
    url = reverse("concerns:step", args=[cast.child.pk, concern.pk])
    response = staff.post(url, {"step_code": "observer-og-noter", "done_on": today().isoformat(), "note": "Uge 47"})
    assertRedirects(response, reverse("concerns:detail", args=[cast.child.pk, concern.pk]))
    step = ConcernStep.objects.get()
    assert (step.step_code, step.done_by, step.note) == ("observer-og-noter", cast.pedagogue, "Uge 47")


def test_a_refused_step_shows_its_error_beside_what_was_typed(cast, levels, staff):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"], observed_on=today())
    future = (today() + datetime.timedelta(days=1)).isoformat()
    url = reverse("concerns:step", args=[cast.child.pk, concern.pk])
    response = staff.post(url, {"step_code": "observer-og-noter", "done_on": future, "note": "Uge 48"})
    assert response.status_code == 400
    assertContains(response, "The date cannot be in the future.", status_code=400)
    assertContains(response, f'value="{future}"', status_code=400)
    assertContains(response, "Uge 48</textarea>", status_code=400)
    assert ConcernStep.objects.count() == 0


def test_closing_a_concern(cast, levels, staff):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    response = staff.post(reverse("concerns:close", args=[cast.child.pk, concern.pk]))
    assertRedirects(response, reverse("concerns:detail", args=[cast.child.pk, concern.pk]))
    concern.refresh_from_db()
    assert concern.status == "closed"
    page = staff.get(reverse("concerns:detail", args=[cast.child.pk, concern.pk]))
    assert "Mark as done" not in page.content.decode()


def test_the_child_page_lists_the_concerns(cast, levels, staff):
    make_concern(cast.child, cast.pedagogue, levels["middel"], observed_on=today() - datetime.timedelta(days=6))
    response = staff.get(reverse("children:detail", args=[cast.child.pk]))
    assert [(r.concern.level.code, r.days_open) for r in response.context["concerns"]] == [("middel", 6)]
    assertContains(response, "Record a concern")
    assertContains(response, "<td>Middel bekymring</td>", html=True)


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_pedagogue", 404), ("case_worker", 404), ("outsider", 404), ("administrator", 404), ("other_parent", 404)],
)
def test_nobody_else_sees_or_records_concerns(cast, levels, client, who, status):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    client.force_login(getattr(cast, who))
    urls = [
        reverse("concerns:create", args=[cast.child.pk]),
        reverse("concerns:detail", args=[cast.child.pk, concern.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [status, status]
    posts = [
        reverse("concerns:create", args=[cast.child.pk]),
        reverse("concerns:step", args=[cast.child.pk, concern.pk]),
        reverse("concerns:close", args=[cast.child.pk, concern.pk]),
    ]
    assert [client.post(url, _form()).status_code for url in posts] == [status, status, status]
    assert Concern.objects.filter(status="open").count() == 1


def test_a_parent_with_custody_does_not_see_concerns(cast, levels, client):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"])
    client.force_login(cast.parent)
    assert client.get(reverse("concerns:detail", args=[cast.child.pk, concern.pk])).status_code == 404


def test_another_childs_concern_under_this_childs_url_is_not_found(cast, levels, staff):
    other_child = f.ChildFactory()
    f.EnrolmentFactory(child=other_child, group=cast.group)
    other = make_concern(other_child, cast.pedagogue, levels["lille"])
    assert staff.get(reverse("concerns:detail", args=[cast.child.pk, other.pk])).status_code == 404
    step = staff.post(
        reverse("concerns:step", args=[cast.child.pk, other.pk]),
        {"step_code": "observer-og-noter", "done_on": today().isoformat()},
    )
    assert step.status_code == 404
    assert staff.post(reverse("concerns:close", args=[cast.child.pk, other.pk])).status_code == 404
    assert ConcernStep.objects.count() == 0


def test_with_htmx_only_the_steps_row_and_the_count_come_back(cast, levels, staff):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"], observed_on=today())
    url = reverse("concerns:step", args=[cast.child.pk, concern.pk])
    data = {"step_code": "observer-og-noter", "done_on": today().isoformat(), "note": ""}
    response = staff.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assertContains(response, '<li id="step-observer-og-noter">')
    assertContains(response, f"on {today():%d-%m-%Y} by {cast.pedagogue}")
    assertContains(response, '<p id="steps-done" hx-swap-oob="innerHTML">1 of 3 steps done.\n</p>', html=False)
    assert "<html" not in response.content.decode()
    assert ConcernStep.objects.get().step_code == "observer-og-noter"


def test_with_htmx_a_refused_step_comes_back_as_its_row_with_the_error(cast, levels, staff):
    concern = make_concern(cast.child, cast.pedagogue, levels["lille"], observed_on=today())
    url = reverse("concerns:step", args=[cast.child.pk, concern.pk])
    future = (today() + datetime.timedelta(days=1)).isoformat()
    data = {"step_code": "observer-og-noter", "done_on": future, "note": "Uge 48"}
    response = staff.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assertContains(response, "The date cannot be in the future.")
    assertContains(response, "Uge 48</textarea>")
    assertContains(response, "0 of 3 steps done.")
    assert ConcernStep.objects.count() == 0
