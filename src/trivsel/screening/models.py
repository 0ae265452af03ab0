"""Well-being screening (TOPI-like): rounds per unit, individual ratings, the agreed joint rating.

The scale is data (``PositionScale`` with its ``Position``s and ``Dimension``s): three positions
green/yellow/red as in TOPI, or five like a municipality's barometer. A round keeps the scale it
was opened with, so a later scale never rewrites history. Positions are ordered from best (1) to
worst; "Stay Green" counts the best position.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child
from trivsel.concerns.models import Concern
from trivsel.organisation.models import Group, Unit


class Colour(models.TextChoices):
    """Colour tokens styled by trivsel.css (no inline styles under our CSP)."""

    GREEN = "green", _("Green")
    LIGHT_GREEN = "lightgreen", _("Light green")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")
    DARK_RED = "darkred", _("Dark red")
    GREY = "grey", _("Grey")


class PositionScale(models.Model):
    name = models.CharField(_("name"), max_length=100)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_active = models.BooleanField(_("used for new rounds"), default=False)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("position scale")
        verbose_name_plural = _("position scales")
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_active_scale"),
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    scale = models.ForeignKey(PositionScale, on_delete=models.CASCADE, related_name="positions")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    colour = models.CharField(_("colour"), max_length=12, choices=Colour.choices)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("1 is the best position."))
    needs_next_step = models.BooleanField(_("needs a next step"), default=False)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="position_code_unique"),
            models.UniqueConstraint(fields=["scale", "order"], name="position_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Dimension(models.Model):
    """What the raters look at (TOPI: social skills, safety and care from adults, …)."""

    scale = models.ForeignKey(PositionScale, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["scale", "order"]
        constraints = [models.UniqueConstraint(fields=["scale", "code"], name="dimension_code_unique")]

    def __str__(self) -> str:
        return self.name


class ScreeningRound(models.Model):
    """One screening of every child in a unit's groups, e.g. "Efterår 2026", with a deadline."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="screening_rounds", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=100)
    scale = models.ForeignKey(PositionScale, on_delete=models.PROTECT, related_name="+", verbose_name=_("scale"))
    per_dimension = models.BooleanField(_("rate each dimension"), default=False)
    # The unit's round before this one: worsened positions and Stay Green compare with it.
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(_("opened"))
    deadline = models.DateField(_("deadline"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("screening round")
        verbose_name_plural = _("screening rounds")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "-opened_on"], name="round_unit_opened"),
            models.Index(fields=["deadline"], condition=Q(closed_at__isnull=True), name="round_open_deadline"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(closed_at__isnull=True), name="one_open_round_per_unit"
            ),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("opened_on")), name="round_deadline_after_open"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.unit.name}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Rating(models.Model):
    """One professional's own rating of a child in a round, made before the joint dialogue."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="ratings")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+", verbose_name=_("position"))
    # {dimension code: position code}, when the round rates each dimension.
    dimensions = models.JSONField(_("dimensions"), default=dict, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("rated"), auto_now=True)

    class Meta:
        verbose_name = _("individual rating")
        verbose_name_plural = _("individual ratings")
        constraints = [models.UniqueConstraint(fields=["round", "child", "rater"], name="rating_once_per_rater")]

    def __str__(self) -> str:
        return f"{self.child} · {self.position}"


class NextStep(models.TextChoices):
    LOCAL_PLAN = "local_plan", _("A local action plan")
    CONCERN = "concern", _("A concern following the action guide")
    FORUM = "forum", _("Bring the child to a multi-professional forum")


class Screening(models.Model):
    """The joint rating of a child in a round, agreed in the structured dialogue."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="screenings")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="screenings")
    # The group the child was in when rated: overviews count by it after the child has moved on.
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+", verbose_name=_("position"))
    dimensions = models.JSONField(_("dimensions"), default=dict, blank=True)
    note = models.TextField(_("note from the dialogue"), max_length=2000, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreed_at = models.DateTimeField(_("agreed"))
    next_step = models.CharField(_("next step"), max_length=12, choices=NextStep.choices, blank=True)
    next_step_note = models.TextField(_("next step: what and who"), max_length=2000, blank=True)
    next_step_concern = models.ForeignKey(
        Concern, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("concern")
    )
    next_step_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    next_step_on = models.DateField(_("next step recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("joint rating")
        verbose_name_plural = _("joint ratings")
        indexes = [
            models.Index(fields=["round", "group"], name="screening_round_group"),
            models.Index(fields=["child", "agreed_at"], name="screening_child"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["round", "child"], name="screening_once_per_round"),
            models.CheckConstraint(
                condition=Q(next_step="") | Q(next_step_on__isnull=False), name="screening_next_step_dated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} · {self.position}"
