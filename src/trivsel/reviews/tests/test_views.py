"""The case review pages for the lead and the reviewers: status, what is shown, what is logged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trivsel.audit.models import AccessLog
from trivsel.reviews.models import Criterion, Rating, Review, ReviewRound, ReviewSchema
from trivsel.reviews.tests.conftest import open_round

pytestmark = pytest.mark.django_db


def _name(review: Review) -> str:
    assert review.case.child is not None
    return review.case.child.full_name


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_lead_sees_rounds_and_schemas_and_the_menu_item(team):
    round = open_round(team)
    page = _client(team.lead).get(reverse("reviews:home")).content.decode()
    assert round.name in page and team.schema.name in page
    assert f'href="{reverse("reviews:home")}"' in page


def test_a_reviewer_sees_only_their_own_cases_by_number(team):
    round = open_round(team)
    reviewer = team.reviewers[0]
    page = _client(reviewer).get(reverse("reviews:home")).content.decode()
    own = Review.objects.filter(reviewer=reviewer).count()
    assert page.count('href="/sagsgennemgang/sager/') == own
    assert "Barn" not in page  # no child named in the list
    assert round.name in page and reverse("reviews:round_create") not in page


def test_the_review_page_shows_the_case_file_and_logs_the_reading(team):
    open_round(team)
    review = Review.objects.select_related("case__child").filter(reviewer=team.reviewers[0])[0]
    before = AccessLog.objects.count()
    response = _client(team.reviewers[0]).get(reverse("reviews:review", args=[review.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert _name(review) in page and "Synthetic" in page  # the concern in the case file
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert [(r.action, r.child_id, r.purpose) for r in rows] == [("read", review.case.child_id, "case_review")]


def test_another_reviewers_case_does_not_exist_and_the_lead_cannot_open_it(team):
    open_round(team)
    review = Review.objects.filter(reviewer=team.reviewers[0])[0]
    for user in (team.reviewers[1], team.lead):
        assert _client(user).get(reverse("reviews:review", args=[review.pk])).status_code == 404


def test_saving_keeps_what_was_typed_and_submitting_without_all_shows_danish_errors(team):
    open_round(team)
    review = Review.objects.filter(reviewer=team.reviewers[0])[0]
    criteria = list(Criterion.objects.filter(schema=team.schema).order_by("theme__order", "order"))
    url = reverse("reviews:review", args=[review.pk])
    client = _client(team.reviewers[0])
    data = {f"c{criteria[0].pk}": "challenge", f"k{criteria[0].pk}": "Ingen børnesamtale", "submit": ""}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ingen børnesamtale" in page and "Bedøm dette kriterium, før du indsender." in page
    assert not Rating.objects.exists()
    data.pop("submit")
    assert client.post(url, {**data, "save": ""}).status_code == 302
    assert list(Rating.objects.values_list("value", "comment")) == [("challenge", "Ingen børnesamtale")]
    all_rated = {f"c{c.pk}": "strength" for c in criteria} | {"submit": ""}
    assert client.post(url, all_rated)["Location"] == reverse("reviews:home")
    review.refresh_from_db()
    assert review.submitted_at is not None


def test_after_the_round_closes_the_case_file_is_gone(team):
    round = open_round(team)
    review = Review.objects.filter(reviewer=team.reviewers[0]).select_related("case__child")[0]
    _client(team.lead).post(reverse("reviews:round_close", args=[round.pk]))
    page = _client(team.reviewers[0]).get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert _name(review) not in page and "Synthetic" not in page


def test_the_lead_opens_a_round_from_the_form(team):
    data = {
        "name": "Forår 2027", "schema": team.schema.pk, "period_start": "2026-06-01", "period_end": "2026-12-01",
        "method": "random", "sample_size": 4, "seed": 5, "reviewers": [u.pk for u in team.reviewers],
        "second_rater_percent": 50, "ends_on": "2027-06-01",
    }  # fmt: skip
    response = _client(team.lead).post(reverse("reviews:round_create"), data)
    round = ReviewRound.objects.get(name="Forår 2027")
    assert response["Location"] == reverse("reviews:round", args=[round.pk])
    assert round.cases.count() == 4 and Review.objects.filter(case__round=round, is_second=True).count() == 2


def test_a_round_form_with_errors_keeps_what_was_typed(team):
    data = {"name": "Forår 2027", "schema": team.schema.pk, "period_start": "2026-06-01", "period_end": "2026-01-01",
            "method": "random", "sample_size": 4, "seed": 5, "ends_on": "2027-06-01"}  # fmt: skip
    response = _client(team.lead).post(reverse("reviews:round_create"), data, HTTP_ACCEPT_LANGUAGE="da")
    page = response.content.decode()
    assert response.status_code == 200 and 'value="Forår 2027"' in page
    assert "Perioden skal slutte på eller efter sin start." in page
    assert not ReviewRound.objects.exists()


def test_the_lead_builds_and_publishes_a_schema(team):
    client = _client(team.lead)
    response = client.post(reverse("reviews:schema_create"), {"name": "Skolefravær", "description": ""})
    schema = ReviewSchema.objects.get(name="Skolefravær")
    url = reverse("reviews:schema", args=[schema.pk])
    assert response["Location"] == url
    client.post(url, {"name": "Fravær"})
    theme = schema.themes.get()
    client.post(url, {"theme": theme.pk, "question": "Blev fraværet fulgt op?", "guidance": "", "scale": "four"})
    assert schema.criteria.get().scale == "four"
    client.post(reverse("reviews:schema_publish", args=[schema.pk]))
    schema.refresh_from_db()
    assert schema.is_published


def test_results_and_reports_open_for_the_lead(team):
    round = open_round(team)
    client = _client(team.lead)
    assert client.get(reverse("reviews:results", args=[round.pk])).status_code == 200
    assert client.get(reverse("reviews:results", args=[round.pk]) + "?efter=unit").status_code == 200
    pdf = client.get(reverse("reviews:report", args=[round.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("reviews:report", args=[round.pk, "xlsx"]))
    assert xlsx.content.startswith(b"PK")
    assert client.get(reverse("reviews:report", args=[round.pk, "doc"])).status_code == 404
    assert _client(team.reviewers[0]).get(reverse("reviews:results", args=[round.pk])).status_code == 403


def test_a_development_action_is_added_and_its_owner_records_the_learning_audit(team):
    round = open_round(team)
    owner = team.reviewers[0]
    criterion = Criterion.objects.filter(schema=team.schema)[0]
    data = {"title": "Børnesamtaler", "criterion": criterion.pk, "description": "", "owner": owner.pk,
            "due_on": "2027-03-01"}  # fmt: skip
    assert _client(team.lead).post(reverse("reviews:action_create", args=[round.pk]), data).status_code == 302
    action = round.actions.get()
    url = reverse("reviews:action", args=[action.pk])
    client = _client(owner)
    response = client.post(url, {"status": "started", "discussed_on": "2027-01-10", "audit_notes": "Drøftet i team"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, str(action.discussed_on), action.audit_notes) == ("started", "2027-01-10", "Drøftet i team")
    assert _client(team.reviewers[1]).get(url).status_code == 404


def test_a_reviewer_cannot_open_the_childs_own_page_only_the_case_file(team):
    open_round(team)
    review = Review.objects.filter(reviewer=team.reviewers[0])[0]
    response = _client(team.reviewers[0]).get(reverse("children:detail", args=[review.case.child_id]))
    assert response.status_code == 403
