"""A synthetic case review for the demo: a lead, two reviewers, a closed round a year ago and an open follow-up.

Written through the services (sampling, grants, ratings, closing), as a lead and reviewers would, so
the demo shows the heatmap, the agreement of two raters and the comparison with the earlier round.
The ratings lean towards more strengths in the follow-up, as the development actions would make them.
"""

from __future__ import annotations

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password

from trivsel.accounts.models import User
from trivsel.organisation.models import Membership, Role
from trivsel.reviews import services
from trivsel.reviews.models import Criterion, RatingScale, Review, ReviewRound, ReviewSchema, SamplingMethod

LEAD, REVIEWERS = "sagsgennemgang", ("revisor", "revisor2")
NAMES = {"sagsgennemgang": ("Rikke", "Revisionsleder"), "revisor": ("Bo", "Revisor"), "revisor2": ("Ida", "Revisor")}
CASES = 40


def _user(username: str, role: str, password: str, email_domain: str) -> User:
    first, last = NAMES[username]
    defaults = {"first_name": first, "last_name": last, "password": make_password(password),
                "email": f"{username}@{email_domain}"}  # fmt: skip
    user, created = User.objects.get_or_create(username=username, defaults=defaults)
    if created:
        Membership.objects.create(user=user, role=role, start=datetime.date(2020, 1, 1))
    return user


def _value(rng: random.Random, criterion: Criterion, strength: float) -> str:
    if criterion.scale == RatingScale.FOUR:
        return str(min(4, max(1, round(rng.gauss(1 + 3 * strength, 0.8)))))
    if rng.random() < 0.08:
        return "not_relevant"
    return "strength" if rng.random() < strength else "challenge"


def _rate(round: ReviewRound, seed: int, improvement: float, leave: int = 0) -> None:
    """Every review rated and submitted, except the last ``leave``: half rated, saved to continue."""
    rng = random.Random(seed)
    criteria = list(round.schema.criteria.order_by("theme__order", "order"))
    # Each criterion has its own level of practice; cooperation and the child's voice the weakest.
    level = {c.pk: 0.35 + 0.5 * random.Random(seed * 31 + i).random() for i, c in enumerate(criteria)}
    firsts: dict[tuple[int, int], str] = {}
    reviews = list(
        Review.objects.filter(case__round=round).select_related("reviewer", "case__round").order_by("case__number")
    )
    for index, review in enumerate(sorted(reviews, key=lambda r: (r.is_second, r.case.number))):
        ratings = {}
        for c in criteria:
            value = _value(rng, c, min(0.95, level[c.pk] + improvement))
            if review.is_second and rng.random() < 0.75:
                value = firsts.get((review.case_id, c.pk), value)  # two raters mostly agree
            firsts.setdefault((review.case_id, c.pk), value)
            ratings[c.pk] = (value, "")
        submit = index < len(reviews) - leave
        if not submit:
            ratings = dict(list(ratings.items())[: len(ratings) // 2])
        services.review_save(actor=review.reviewer, review=review, ratings=ratings, submit=submit)


def build_reviews(*, seed: int, on: datetime.date, password: str, email_domain: str) -> int:
    """The two rounds; returns the number of reviews written."""
    lead = _user(LEAD, Role.REVIEW_LEAD, password, email_domain)
    people = [lead.pk] + [_user(name, Role.REVIEWER, password, email_domain).pk for name in REVIEWERS]
    schema = ReviewSchema.objects.filter(published_at__isnull=False).order_by("family", "version").first()
    if schema is None:
        return 0

    def plan(name: str, months: int, round_seed: int, previous: ReviewRound | None = None) -> services.RoundPlan:
        return services.RoundPlan(
            name=name, schema=schema, period_start=on - relativedelta(months=months + 12),
            period_end=on - relativedelta(months=months), method=SamplingMethod.STRATIFIED, stratify_by="age_band",
            sample_size=CASES, seed=round_seed, ends_on=on + relativedelta(months=2), reviewer_ids=people,
            second_rater_percent=25, previous=previous,
        )  # fmt: skip

    earlier = services.round_create(actor=lead, plan=plan("Sagsgennemgang 2025", 12, seed))
    _rate(earlier, seed, improvement=0.0)
    services.round_close(actor=lead, round=earlier)
    voice = schema.criteria.filter(code="barnets-stemme").first()
    services.action_create(
        actor=lead, round=earlier, criterion=voice, owner=lead, due_on=on - relativedelta(months=6),
        title="Børnesamtaler i alle sager", description="Skabelon til børnesamtalen og sparring i teamet.",
    )  # fmt: skip
    follow_up = services.round_create(actor=lead, plan=plan("Opfølgende sagsgennemgang 2026", 0, seed + 1, earlier))
    _rate(follow_up, seed + 1, improvement=0.15, leave=3)  # so that the reviewers have work waiting
    return Review.objects.filter(case__round__in=[earlier, follow_up]).count()
