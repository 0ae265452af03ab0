"""Rounds, their grants and ratings: what the services allow, write and log."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trivsel.audit.models import AccessLog
from trivsel.children.access import can, children_visible_to, relation_for
from trivsel.children.models import ChildAccessGrant, GrantSource
from trivsel.reviews import services
from trivsel.reviews.models import Criterion, Rating, Review, ReviewCase, RoundStatus, SamplingMethod
from trivsel.reviews.tests.conftest import open_round, plan

pytestmark = pytest.mark.django_db


def _sampled(round) -> list[int]:
    return list(ReviewCase.objects.filter(round=round).order_by("number").values_list("child_id", flat=True))


def test_a_round_samples_the_children_assigns_raters_and_grants_each_access_to_their_own_cases(team):
    round = open_round(team, second_rater_percent=50)
    cases = ReviewCase.objects.filter(round=round)
    assert cases.count() == 6 and len(set(_sampled(round))) == 6
    assert Review.objects.filter(case__round=round, is_second=True).count() == 3
    for review in Review.objects.filter(case__round=round).select_related("grant", "case"):
        assert review.grant is not None and review.grant.source == GrantSource.REVIEW
        assert (review.grant.child_id, review.grant.user_id) == (review.case.child_id, review.reviewer_id)
        assert timezone.localtime(review.grant.ends_at) == timezone.make_aware(
            datetime.datetime.combine(round.ends_on + datetime.timedelta(days=1), datetime.time())
        )
    for reviewer in team.reviewers:
        own = set(Review.objects.filter(reviewer=reviewer).values_list("case__child_id", flat=True))
        assert set(children_visible_to(reviewer).values_list("pk", flat=True)) == own


def test_the_same_seed_draws_the_same_sample_and_another_seed_another(team):
    first, again, other = open_round(team), open_round(team), open_round(team, seed=7)
    assert _sampled(first) == _sampled(again)
    assert _sampled(first) != _sampled(other)


def test_a_reviewer_reads_the_child_but_may_not_act_on_it(team):
    round = open_round(team)
    review = Review.objects.filter(case__round=round).select_related("case__child", "reviewer")[0]
    child, reviewer = review.case.child, review.reviewer
    assert child is not None
    relation = relation_for(reviewer, child)
    assert relation is not None and (relation.via, relation.source) == ("grant", GrantSource.REVIEW)
    assert can(reviewer, "view_child", child)
    assert not can(reviewer, "view_child_details", child)
    assert not can(reviewer, "record_consent", child)
    assert not can(reviewer, "reveal_cpr", child)


def test_closing_the_round_ends_every_reviewers_access_at_once(team):
    round = open_round(team)
    services.round_close(actor=team.lead, round=round)
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED and round.closed_at is not None
    grants = ChildAccessGrant.objects.filter(source=GrantSource.REVIEW)
    assert grants.count() == 6 and not grants.filter(revoked_at__isnull=True).exists()
    for reviewer in team.reviewers:
        assert not children_visible_to(reviewer).exists()


def test_only_a_review_lead_opens_or_closes_a_round(team):
    with pytest.raises(PermissionDenied):
        services.round_create(actor=team.reviewers[0], plan=plan(team))
    round = open_round(team)
    with pytest.raises(PermissionDenied):
        services.round_close(actor=team.reviewers[0], round=round)


def test_a_round_plan_with_problems_names_each_field(team):
    with pytest.raises(ValidationError) as caught:
        open_round(team, sample_size=0, reviewer_ids=[team.reviewers[0].pk], second_rater_percent=20,
                   period_end=team.children[0].birth_date, method=SamplingMethod.STRATIFIED)  # fmt: skip
    assert set(caught.value.error_dict) == {"sample_size", "reviewers", "period_end", "stratify_by"}
    assert not ReviewCase.objects.exists()


def test_only_people_with_a_review_role_can_be_assigned(team):
    with pytest.raises(ValidationError) as caught:
        open_round(team, reviewer_ids=[team.children[0].pk + 10_000])
    assert "reviewers" in caught.value.error_dict


def test_external_cases_are_entered_by_reference_and_give_no_access(team):
    round = open_round(team, method=SamplingMethod.EXTERNAL, references=["SAG-1", "SAG-2"])
    cases = [(c.number, c.reference, c.child_id) for c in ReviewCase.objects.filter(round=round)]
    assert cases == [(1, "SAG-1", None), (2, "SAG-2", None)]
    assert not ChildAccessGrant.objects.exists()


def _ratings(review, value="strength"):
    return {c.pk: (value, "") for c in Criterion.objects.filter(schema=review.case.round.schema)}


def test_a_half_rated_case_is_kept_and_submitting_needs_every_criterion(team):
    review = Review.objects.filter(case__round=open_round(team)).select_related("case__round__schema")[0]
    first = Criterion.objects.filter(schema=team.schema).order_by("theme__order", "order")[0]
    services.review_save(actor=review.reviewer, review=review, ratings={first.pk: ("challenge", " For sent ")})
    assert list(Rating.objects.filter(review=review).values_list("value", "comment")) == [("challenge", "For sent")]
    with pytest.raises(ValidationError) as caught:
        services.review_save(actor=review.reviewer, review=review, ratings={first.pk: ("challenge", "")}, submit=True)
    assert len(caught.value.error_dict) == 16 and f"c{first.pk}" not in caught.value.error_dict
    services.review_save(actor=review.reviewer, review=review, ratings=_ratings(review), submit=True)
    review.refresh_from_db()
    assert review.submitted_at is not None and Rating.objects.filter(review=review).count() == 17
    log = AccessLog.objects.filter(object_type="reviews.review", object_id=review.pk).order_by("-id")[0]
    assert (log.action, log.child_id, log.changed_fields) == (
        "change",
        review.case.child_id,
        ["ratings", "submitted_at"],
    )


def test_a_rating_outside_the_criterions_scale_is_refused(team):
    review = Review.objects.filter(case__round=open_round(team))[0]
    criterion = Criterion.objects.filter(schema=team.schema)[0]
    with pytest.raises(ValidationError) as caught:
        services.review_save(actor=review.reviewer, review=review, ratings={criterion.pk: ("3", "")})
    assert list(caught.value.error_dict) == [f"c{criterion.pk}"]


def test_nobody_rates_anothers_review_nor_after_the_round_closed(team):
    round = open_round(team)
    review = Review.objects.filter(case__round=round)[0]
    other = next(u for u in team.reviewers if u.pk != review.reviewer_id)
    with pytest.raises(PermissionDenied):
        services.review_save(actor=other, review=review, ratings={})
    services.round_close(actor=team.lead, round=round)
    review.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.review_save(actor=review.reviewer, review=review, ratings={})


def test_a_published_schema_is_frozen_and_a_new_version_copies_it(team):
    with pytest.raises(ValidationError):
        services.theme_add(actor=team.lead, schema=team.schema, name="Nyt tema")
    draft = services.schema_new_version(actor=team.lead, schema=team.schema)
    assert (draft.family, draft.version, draft.is_published) == ("tidlig-indsats", 2, False)
    assert list(draft.criteria.order_by("theme__order", "order").values_list("code", flat=True)) == list(
        team.schema.criteria.order_by("theme__order", "order").values_list("code", flat=True)
    )
    theme = services.theme_add(actor=team.lead, schema=draft, name="Overgange")
    criterion = services.criterion_add(actor=team.lead, theme=theme, question="Blev viden givet videre?", scale="four")
    assert (criterion.code, criterion.order) == ("blev-viden-givet-videre", 1)
    services.schema_publish(actor=team.lead, schema=draft)
    assert draft.is_published and team.schema.criteria.count() == 17 and draft.criteria.count() == 18


def test_a_new_schema_is_built_theme_by_theme_and_cannot_be_published_empty(team):
    schema = services.schema_create(actor=team.lead, name="Skolefravær")
    with pytest.raises(ValidationError):
        services.schema_publish(actor=team.lead, schema=schema)
    theme = services.theme_add(actor=team.lead, schema=schema, name="Fravær")
    services.criterion_add(actor=team.lead, theme=theme, question="Blev fraværet fulgt?")
    services.criterion_add(actor=team.lead, theme=theme, question="Blev fraværet fulgt?")
    assert list(schema.criteria.values_list("code", flat=True)) == ["blev-fravaeret-fulgt", "blev-fravaeret-fulgt-2"]
    with pytest.raises(PermissionDenied):
        services.schema_create(actor=team.reviewers[0], name="X")
