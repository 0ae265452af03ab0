"""Case review (sagsgennemgang): an analysis schema, rounds that sample cases, and two raters' ratings.

A schema is versioned: ``family`` names it across versions, and a published version is frozen, so
a round keeps the criteria it was rated on. A case is a sampled child (or an external case known
only by its reference); each ``Review`` is one rater's review of one case, with a time-limited
access grant to the child that ends with the round.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child, ChildAccessGrant
from trivsel.organisation.models import District, Unit


class RatingScale(models.TextChoices):
    STRENGTH = "strength", _("Strength / challenge / not relevant")
    FOUR = "four", _("1–4 (1 = a clear challenge, 4 = a clear strength)")


class ReviewSchema(models.Model):
    family = models.SlugField(_("schema key"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("analysis schema")
        verbose_name_plural = _("analysis schemas")
        ordering = ["family", "-version"]
        constraints = [models.UniqueConstraint(fields=["family", "version"], name="schema_version_once")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Theme(models.Model):
    schema = models.ForeignKey(ReviewSchema, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("theme"), max_length=150)

    class Meta:
        ordering = ["schema", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    schema = models.ForeignKey(ReviewSchema, on_delete=models.CASCADE, related_name="criteria")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Matches the criterion across versions, for the comparison with an earlier round.
    code = models.SlugField(_("code"), max_length=60)
    question = models.CharField(_("question"), max_length=300)
    guidance = models.TextField(_("guidance"), max_length=2000, blank=True)
    scale = models.CharField(
        _("rating scale"), max_length=10, choices=RatingScale.choices, default=RatingScale.STRENGTH
    )

    class Meta:
        ordering = ["schema", "theme__order", "theme_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["schema", "code"], name="criterion_code_once")]

    def __str__(self) -> str:
        return self.question


class SamplingMethod(models.TextChoices):
    RANDOM = "random", _("Random sample")
    STRATIFIED = "stratified", _("Stratified sample")
    EXTERNAL = "external", _("External cases by reference")


class Stratum(models.TextChoices):
    UNIT = "unit", _("Unit")
    DISTRICT = "district", _("District")
    AGE_BAND = "age_band", _("Age band")
    POSITION = "position", _("Position in the latest screening")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReviewRound(models.Model):
    name = models.CharField(_("name"), max_length=150)
    schema = models.ForeignKey(ReviewSchema, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("schema"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    method = models.CharField(_("sampling"), max_length=12, choices=SamplingMethod.choices)
    stratify_by = models.CharField(_("stratify by"), max_length=12, choices=Stratum.choices, blank=True)
    sample_size = models.PositiveIntegerField(_("number of cases"), default=0)
    seed = models.PositiveIntegerField(_("random seed"))
    second_rater_percent = models.PositiveSmallIntegerField(_("share rated twice (%)"), default=0)
    ends_on = models.DateField(_("access ends"))
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("earlier round")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="round_period_order"),
            models.CheckConstraint(condition=Q(second_rater_percent__lte=100), name="round_second_share"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class ReviewCase(models.Model):
    """One case of a round: a sampled child, or an external case by reference (no child data here)."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="cases")
    number = models.PositiveIntegerField(_("case number"))  # 1… within the round: the anonymous name
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reference = models.CharField(_("external reference"), max_length=100, blank=True)
    # What the case was sampled as, kept so the results group by the child's place at the time.
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    age_band = models.CharField(_("age band"), max_length=8, blank=True)
    position = models.CharField(_("position"), max_length=60, blank=True)

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="case_number_once"),
            # A child is never sampled twice in a round.
            models.UniqueConstraint(
                fields=["round", "child"], condition=Q(child__isnull=False), name="case_child_once"
            ),
            models.CheckConstraint(condition=Q(child__isnull=False) | ~Q(reference=""), name="case_child_or_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.number}"


class Review(models.Model):
    """One rater's review of one case; the second rater rates independently (never sees the first)."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_reviews")
    is_second = models.BooleanField(_("second rater"), default=False)
    grant = models.OneToOneField(ChildAccessGrant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        ordering = ["case", "is_second"]
        indexes = [models.Index(fields=["reviewer", "submitted_at"], name="review_reviewer")]
        constraints = [
            models.UniqueConstraint(fields=["case", "is_second"], name="review_rater_once"),
            models.UniqueConstraint(fields=["case", "reviewer"], name="review_reviewer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.reviewer}"


class Rating(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="ratings")
    value = models.CharField(_("rating"), max_length=12)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        indexes = [models.Index(fields=["criterion", "value"], name="rating_criterion_value")]
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="rating_once")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STARTED = "started", _("Started")
    DONE = "done", _("Done")


class DevelopmentAction(models.Model):
    """A finding turned into something to do, with an owner and a date; discussed at a learning audit."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="actions")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("criterion")
    )
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="development_actions", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    audit_notes = models.TextField(_("learning audit: what was discussed"), max_length=4000, blank=True)
    discussed_on = models.DateField(_("discussed at learning audit"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title
