"""Every read of case review, scoped to the user. Only the case file names a child, through ``child_get``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from trivsel.accounts.models import User
from trivsel.children.models import Child
from trivsel.children.selectors import child_get
from trivsel.reviews.access import leads_reviews
from trivsel.reviews.casefile import Entry, case_file
from trivsel.reviews.models import DevelopmentAction, Rating, Review, ReviewCase, ReviewRound, ReviewSchema

PURPOSE = "case_review"


def _lead(user: User) -> None:
    if not leads_reviews(user):
        raise PermissionDenied


def schemas_for(user: User) -> QuerySet[ReviewSchema]:
    _lead(user)
    return ReviewSchema.objects.annotate(criteria_count=Count("criteria", distinct=True)).order_by("family", "-version")


def schema_get(user: User, schema_id: int) -> ReviewSchema:
    _lead(user)
    schema = ReviewSchema.objects.filter(pk=schema_id).prefetch_related("themes__criteria").first()
    if schema is None:
        raise Http404
    return schema


def rounds_for(user: User) -> QuerySet[ReviewRound]:
    _lead(user)
    return ReviewRound.objects.select_related("schema").annotate(
        case_count=Count("cases", distinct=True),
        review_count=Count("cases__reviews", distinct=True),
        submitted_count=Count("cases__reviews", filter=Q(cases__reviews__submitted_at__isnull=False), distinct=True),
    )


def round_get(user: User, round_id: int) -> ReviewRound:
    round = rounds_for(user).filter(pk=round_id).first()
    if round is None:
        raise Http404
    return round


def round_cases(round: ReviewRound) -> QuerySet[ReviewCase]:
    """The round's cases for its lead: number, place and age band, who rates — never the child."""
    reviews = Review.objects.select_related("reviewer").order_by("is_second")
    return (
        round.cases.select_related("unit", "district")
        .prefetch_related(Prefetch("reviews", queryset=reviews))
        .order_by("number")
    )


def round_actions(round: ReviewRound) -> QuerySet[DevelopmentAction]:
    return round.actions.select_related("owner", "criterion").order_by("due_on", "id")


def action_get(user: User, action_id: int) -> DevelopmentAction:
    action = (
        DevelopmentAction.objects.select_related("round__schema", "owner", "criterion").filter(pk=action_id).first()
    )
    if action is None or not (leads_reviews(user) or action.owner_id == user.pk):
        raise Http404
    return action


def my_reviews(user: User) -> QuerySet[Review]:
    """The cases assigned to ``user``, open rounds first; a list of case numbers, no child data."""
    return (
        Review.objects.filter(reviewer=user)
        .select_related("case__round")
        .annotate(rated=Count("ratings"), criteria=Count("case__round__schema__criteria", distinct=True))
        .order_by("-case__round__status", "submitted_at", "case__round_id", "case__number")
    )


def review_get(user: User, review_id: int) -> Review:
    """The user's own review of a case (the same 404 for anyone else's: a second rater never sees the first's)."""
    review = (
        Review.objects.select_related("case__round__schema", "case__unit")
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.all()))
        .filter(pk=review_id, reviewer=user)
        .first()
    )
    if review is None:
        raise Http404
    return review


def review_case_file(user: User, review: Review) -> tuple[Child | None, list[Entry]]:
    """The child and their case file while the round is open, through the access policy (logged)."""
    if review.case.child_id is None or not review.case.round.is_open:
        return None, []
    child, _relation = child_get(user=user, child_id=review.case.child_id, purpose=PURPOSE)
    return child, case_file(child, until=review.case.round.period_end)
