"""Interventions with goals (seed 002 step 6, seed 003): the help, in small visible steps.

An intervention has a type from the municipality's catalogue and a level; goals belong to the
child, the parents or the professionals, with milestones; progress is rated at dates by a
professional, a parent or the child, on 0–10 or Goal Attainment Scaling (−2…+2, 0 = expected);
an evaluation at the agreed date decides to continue, adjust, close or escalate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child, Guardian
from trivsel.meetings.models import AgendaItem


class Level(models.TextChoices):
    GENERAL = "general", _("General")
    PREVENTIVE = "preventive", _("Preventive")
    SPECIALISED = "specialised", _("Specialised")


class InterventionType(models.Model):
    """The municipality's catalogue, e.g. Handleteam, minigruppe, mentor, forældrevejledning, PPR-forløb."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("intervention type")
        verbose_name_plural = _("intervention types")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Intervention(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="interventions")
    type = models.ForeignKey(InterventionType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type"))
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    description = models.TextField(_("what the help is"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interventions", verbose_name=_("responsible")
    )
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"))
    evaluation_due = models.DateField(_("evaluation"))
    # Decided at a meeting (step 6), when it was.
    item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="interventions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["child", "start"], name="intervention_child"),
            models.Index(
                fields=["responsible", "evaluation_due"],
                condition=Q(closed_on__isnull=True),
                name="intervention_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("start")), name="intervention_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} · {self.child}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Area(models.TextChoices):
    """Where small progress is made visible (seed 003)."""

    WELLBEING = "trivsel", _("Well-being")
    ATTENDANCE = "fremmoede", _("Attendance")
    HOMEWORK = "lektier", _("Homework")
    BEHAVIOUR = "adfaerd", _("Behaviour")
    FRIENDS = "netvaerk", _("Network and friends")
    OTHER = "andet", _("Other")


class Owner(models.TextChoices):
    CHILD = "child", _("The child")
    PARENTS = "parents", _("The parents")
    PROFESSIONALS = "professionals", _("The professionals")


class Scale(models.TextChoices):
    ZERO_TEN = "0-10", _("0–10")
    GAS = "gas", _("Goal Attainment Scaling (−2 to +2)")


SCALE_RANGE = {Scale.ZERO_TEN: (0, 10), Scale.GAS: (-2, 2)}


class Goal(models.Model):
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    area = models.CharField(_("area"), max_length=12, choices=Area.choices)
    owner = models.CharField(_("whose goal"), max_length=14, choices=Owner.choices)
    scale = models.CharField(_("scale"), max_length=4, choices=Scale.choices, default=Scale.ZERO_TEN)
    target = models.SmallIntegerField(_("target"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    @property
    def bounds(self) -> tuple[int, int]:
        return SCALE_RANGE[Scale(self.scale)]


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due = models.DateField(_("by when"), null=True, blank=True)
    reached_on = models.DateField(_("reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title


class Rater(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")


class ProgressEntry(models.Model):
    """A rating of a goal at a date. A child's own rating is entered by a professional with the child."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    rater = models.CharField(_("rated by"), max_length=12, choices=Rater.choices)
    value = models.SmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["recorded_on", "id"]
        indexes = [models.Index(fields=["goal", "recorded_on"], name="progress_goal_date")]

    def __str__(self) -> str:
        return f"{self.goal} · {self.value}"


class Outcome(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    ADJUST = "adjust", _("Adjust")
    CLOSE = "close", _("Close")
    ESCALATE = "escalate", _("Escalate")


class Evaluation(models.Model):
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluated on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    note = models.TextField(_("what the evaluation found"), max_length=5000)
    next_due = models.DateField(_("next evaluation"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["evaluated_on", "id"]

    def __str__(self) -> str:
        return f"{self.intervention} · {self.get_outcome_display()}"
