"""Every write of case review: schemas, rounds with their sample and grants, ratings, closing, actions."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trivsel.accounts.models import User
from trivsel.audit.models import Action
from trivsel.audit.services import log_access
from trivsel.children.models import Child, ChildAccessGrant, GrantSource
from trivsel.children.services import access_grant_create
from trivsel.reviews import sampling
from trivsel.reviews.access import leads_reviews, may_rate, reviewers
from trivsel.reviews.models import (
    Criterion,
    DevelopmentAction,
    Rating,
    RatingScale,
    Review,
    ReviewCase,
    ReviewRound,
    ReviewSchema,
    RoundStatus,
    SamplingMethod,
    Theme,
)
from trivsel.reviews.scales import values_of
from trivsel.reviews.schemas import next_version

DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _slug(text: str) -> str:
    """A code from Danish text: slugify alone would drop æ, ø and å."""
    return slugify(text.translate(DANISH))[:50]


def _lead(actor: User) -> None:
    if not leads_reviews(actor):
        raise PermissionDenied


def _draft(schema: ReviewSchema) -> None:
    if schema.is_published:
        raise ValidationError(_("A published schema cannot be changed: make a new version."))


# Schemas ---------------------------------------------------------------------------------------------


@transaction.atomic
def schema_create(*, actor: User, name: str, description: str = "") -> ReviewSchema:
    _lead(actor)
    if not name.strip():
        raise ValidationError({"name": _("Give the schema a name.")})
    family = _slug(name) or "skema"
    return ReviewSchema.objects.create(
        family=family, version=next_version(family), name=name.strip(), description=description.strip(),
        created_by=actor,
    )  # fmt: skip


@transaction.atomic
def theme_add(*, actor: User, schema: ReviewSchema, name: str) -> Theme:
    _lead(actor)
    _draft(schema)
    if not name.strip():
        raise ValidationError({"name": _("Give the theme a name.")})
    return Theme.objects.create(schema=schema, order=schema.themes.count() + 1, name=name.strip())


def _code(schema: ReviewSchema, question: str) -> str:
    base = _slug(question) or "kriterium"
    taken = set(schema.criteria.values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


@transaction.atomic
def criterion_add(
    *, actor: User, theme: Theme, question: str, guidance: str = "", scale: str = RatingScale.STRENGTH
) -> Criterion:
    _lead(actor)
    schema = theme.schema
    _draft(schema)
    errors = {}
    if not question.strip():
        errors["question"] = _("Write the question the reviewer answers.")
    if scale not in RatingScale.values:
        errors["scale"] = _("Choose a rating scale.")
    if errors:
        raise ValidationError(errors)
    return Criterion.objects.create(
        schema=schema, theme=theme, order=theme.criteria.count() + 1, code=_code(schema, question),
        question=question.strip(), guidance=guidance.strip(), scale=scale,
    )  # fmt: skip


@transaction.atomic
def criterion_delete(*, actor: User, criterion: Criterion) -> None:
    _lead(actor)
    _draft(criterion.schema)
    criterion.delete()


@transaction.atomic
def schema_publish(*, actor: User, schema: ReviewSchema) -> ReviewSchema:
    _lead(actor)
    _draft(schema)
    if not schema.criteria.exists():
        raise ValidationError(_("Add at least one criterion before publishing."))
    schema.themes.filter(criteria__isnull=True).delete()
    schema.published_at = timezone.now()
    schema.save(update_fields=["published_at"])
    return schema


@transaction.atomic
def schema_new_version(*, actor: User, schema: ReviewSchema) -> ReviewSchema:
    """A draft copy as the family's next version; the rounds of the old one keep it unchanged."""
    _lead(actor)
    draft = ReviewSchema.objects.create(
        family=schema.family, version=next_version(schema.family), name=schema.name,
        description=schema.description, created_by=actor,
    )  # fmt: skip
    for theme in schema.themes.prefetch_related("criteria"):
        copy = Theme.objects.create(schema=draft, order=theme.order, name=theme.name)
        Criterion.objects.bulk_create(
            Criterion(
                schema=draft, theme=copy, order=c.order, code=c.code, question=c.question, guidance=c.guidance,
                scale=c.scale,
            )
            for c in theme.criteria.all()
        )  # fmt: skip
    return draft


# Rounds ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundPlan:
    """What the lead chose for a new round (the form's cleaned data)."""

    name: str
    schema: ReviewSchema
    period_start: datetime.date
    period_end: datetime.date
    method: str
    sample_size: int
    seed: int
    ends_on: datetime.date
    reviewer_ids: Sequence[int]
    stratify_by: str = ""
    second_rater_percent: int = 0
    previous: ReviewRound | None = None
    references: Sequence[str] = ()


def _plan_errors(plan: RoundPlan) -> dict[str, str]:
    errors = {}
    if not plan.schema.is_published:
        errors["schema"] = _("Choose a published schema.")
    if plan.period_end < plan.period_start:
        errors["period_end"] = _("The period must end on or after its start.")
    if plan.ends_on <= timezone.localdate():
        errors["ends_on"] = _("The reviewers' access must end after today.")
    if plan.method == SamplingMethod.EXTERNAL and not plan.references:
        errors["references"] = _("Enter the references of the external cases, one per line.")
    if plan.method != SamplingMethod.EXTERNAL and plan.sample_size < 1:
        errors["sample_size"] = _("Sample at least one case.")
    if plan.method == SamplingMethod.STRATIFIED and not plan.stratify_by:
        errors["stratify_by"] = _("Choose what to stratify by.")
    if not plan.reviewer_ids:
        errors["reviewers"] = _("Assign at least one reviewer.")
    elif plan.second_rater_percent and len(set(plan.reviewer_ids)) < 2:
        errors["reviewers"] = _("A second independent rater needs at least two reviewers.")
    if plan.previous is not None and plan.previous.schema.family != plan.schema.family:
        errors["previous"] = _("The earlier round must use the same schema (any version).")
    return errors


def _cases(plan: RoundPlan, round: ReviewRound) -> list[ReviewCase]:
    if plan.method == SamplingMethod.EXTERNAL:
        return [ReviewCase(round=round, number=n, reference=ref) for n, ref in enumerate(plan.references, start=1)]
    population = sampling.candidates(plan.period_start, plan.period_end)
    chosen = sampling.sample(population, plan.sample_size, plan.seed, plan.stratify_by)
    return [
        ReviewCase(
            round=round, number=n, child_id=c.child_id, unit_id=c.unit_id, district_id=c.district_id,
            age_band=c.age_band, position=c.position,
        )
        for n, c in enumerate(chosen, start=1)
    ]  # fmt: skip


def _grant(actor: User, round: ReviewRound, case: ReviewCase, reviewer: User) -> ChildAccessGrant | None:
    if case.child_id is None:
        return None
    ends = timezone.make_aware(datetime.datetime.combine(round.ends_on + datetime.timedelta(days=1), datetime.time()))
    child = Child(pk=case.child_id)
    reason = f"Sagsgennemgang: {round.name}"[:200]
    return access_grant_create(
        actor=actor, child=child, user=reviewer, source=GrantSource.REVIEW, reason=reason, ends_at=ends
    )


@transaction.atomic
def round_create(*, actor: User, plan: RoundPlan) -> ReviewRound:
    """Open a round: draw the sample, assign the raters and give each a grant to their cases' children."""
    _lead(actor)
    errors = _plan_errors(plan)
    people = {u.pk: u for u in reviewers().filter(pk__in=plan.reviewer_ids)}
    if plan.reviewer_ids and len(people) != len(set(plan.reviewer_ids)):
        errors["reviewers"] = _("Only people with the case reviewer role can be assigned.")
    if errors:
        raise ValidationError(errors)
    round = ReviewRound.objects.create(
        name=plan.name.strip(), schema=plan.schema, period_start=plan.period_start, period_end=plan.period_end,
        method=plan.method, stratify_by=plan.stratify_by if plan.method == SamplingMethod.STRATIFIED else "",
        sample_size=plan.sample_size, seed=plan.seed, second_rater_percent=plan.second_rater_percent,
        ends_on=plan.ends_on, previous=plan.previous, created_by=actor,
    )  # fmt: skip
    cases = ReviewCase.objects.bulk_create(_cases(plan, round))
    if not cases:
        raise ValidationError({"sample_size": _("No child had activity in the period: there is nothing to sample.")})
    second = sampling.second_rated(len(cases), plan.second_rater_percent, plan.seed)
    for case, (first_id, second_id) in zip(
        cases, sampling.assign(len(cases), sorted(people), second, plan.seed), strict=True
    ):
        for reviewer_id, is_second in ((first_id, False), (second_id, True)):
            if reviewer_id is not None:
                grant = _grant(actor, round, case, people[reviewer_id])
                Review.objects.create(case=case, reviewer_id=reviewer_id, is_second=is_second, grant=grant)
    log_access(actor=actor, action=Action.CREATE, obj=round, purpose="case_review")
    return round


@transaction.atomic
def round_close(*, actor: User, round: ReviewRound) -> ReviewRound:
    """Close the round: every reviewer's access to its children ends now."""
    _lead(actor)
    if not round.is_open:
        return round
    now = timezone.now()
    ChildAccessGrant.objects.filter(
        pk__in=Review.objects.filter(case__round=round, grant__isnull=False).values("grant_id"), revoked_at=None
    ).update(revoked_at=now)
    round.status, round.closed_at = RoundStatus.CLOSED, now
    round.save(update_fields=["status", "closed_at"])
    log_access(actor=actor, action=Action.CHANGE, obj=round, changed_fields=["status"], purpose="case_review")
    return round


# Ratings ---------------------------------------------------------------------------------------------


@transaction.atomic
def review_save(*, actor: User, review: Review, ratings: Mapping[int, tuple[str, str]], submit: bool = False) -> Review:
    """Keep what the rater has given so far (``ratings``: criterion id → value, comment); submitting needs all."""
    if not may_rate(actor, review):
        raise PermissionDenied
    criteria = {c.pk: c for c in review.case.round.schema.criteria.all()}
    errors = {}
    for criterion_id, (value, _comment) in ratings.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise PermissionDenied
        if value and value not in values_of(criterion.scale):
            errors[f"c{criterion_id}"] = _("Choose one of the ratings.")
    missing = [f"c{pk}" for pk in criteria if not ratings.get(pk, ("", ""))[0]]
    if submit and missing:
        errors.update({key: _("Rate this criterion before submitting.") for key in missing if key not in errors})
    if errors:
        raise ValidationError(errors)
    Rating.objects.filter(review=review).delete()
    Rating.objects.bulk_create(
        Rating(review=review, criterion_id=pk, value=value, comment=comment.strip())
        for pk, (value, comment) in ratings.items()
        if value or comment.strip()
    )
    if submit:
        review.submitted_at = timezone.now()
    review.save()
    log_access(
        actor=actor, action=Action.CHANGE, child_id=review.case.child_id, obj=review,
        changed_fields=["ratings", *(["submitted_at"] if submit else [])], purpose="case_review",
    )  # fmt: skip
    return review


# Development actions -------------------------------------------------------------------------------


@transaction.atomic
def action_create(
    *, actor: User, round: ReviewRound, title: str, owner: User, due_on: datetime.date,
    criterion: Criterion | None = None, description: str = "",
) -> DevelopmentAction:  # fmt: skip
    _lead(actor)
    errors = {}
    if not title.strip():
        errors["title"] = _("Say what is to be done.")
    if criterion is not None and criterion.schema_id != round.schema_id:
        errors["criterion"] = _("Choose a criterion of the round's schema.")
    if getattr(owner, "guardian", None) is not None or not owner.is_active:
        errors["owner"] = _("The owner must be an active professional.")
    if errors:
        raise ValidationError(errors)
    return DevelopmentAction.objects.create(
        round=round, criterion=criterion, title=title.strip(), description=description.strip(), owner=owner,
        due_on=due_on, created_by=actor,
    )  # fmt: skip


@transaction.atomic
def action_update(
    *, actor: User, action: DevelopmentAction, status: str, audit_notes: str, discussed_on: datetime.date | None
) -> DevelopmentAction:
    """Record progress and what the learning audit discussed: the lead or the action's owner."""
    if not (leads_reviews(actor) or action.owner_id == actor.pk):
        raise PermissionDenied
    action.status, action.audit_notes, action.discussed_on = status, audit_notes.strip(), discussed_on
    action.full_clean(exclude=["round", "criterion", "owner", "created_by"])
    action.save(update_fields=["status", "audit_notes", "discussed_on"])
    return action
