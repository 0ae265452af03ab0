"""A professional's concern for a child, and the action guide "fra bekymring til handling".

The guide is data: for each concern level an ordered list of recommended steps, loaded from a
JSON file (``concerns/data/action_guide_default.json``, or a municipality's own with
``manage.py load_action_guide``). A concern records which steps were done, when and by whom,
with the step's code and title copied, so that a later guide does not rewrite history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child


class Area(models.TextChoices):
    WELLBEING = "trivsel", _("Well-being")
    ATTENDANCE = "fremmoede", _("Attendance")
    BEHAVIOUR = "adfaerd", _("Behaviour")
    HEALTH = "sundhed", _("Health")
    LEARNING = "laering", _("Learning")
    FAMILY = "familie", _("Family")
    OTHER = "andet", _("Other")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ConcernLevel(models.Model):
    """How serious a concern is. One deployment serves one municipality, which edits these rows."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    colour = models.CharField(_("colour"), max_length=20, blank=True, help_text=_("e.g. green, yellow, red"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("concern level")
        verbose_name_plural = _("concern levels")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class ActionGuide(models.Model):
    """The loaded guide; loading a new one replaces the old one and its steps."""

    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("loaded from"), max_length=500, blank=True)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("action guide")
        verbose_name_plural = _("action guides")

    def __str__(self) -> str:
        return self.name


class StepAction(models.TextChoices):
    """What Trivsel offers at a guide step besides marking it done."""

    NONE = "", _("None")
    NOTIFY = "notify", _("File a notification")


class ActionGuideStep(models.Model):
    guide = models.ForeignKey(ActionGuide, on_delete=models.CASCADE, related_name="steps")
    level = models.ForeignKey(ConcernLevel, on_delete=models.CASCADE, related_name="guide_steps")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    action = models.CharField(_("action"), max_length=10, choices=StepAction.choices, blank=True)

    class Meta:
        verbose_name = _("action guide step")
        verbose_name_plural = _("action guide steps")
        ordering = ["level__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "level", "code"], name="guide_step_code_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Concern(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="concerns", verbose_name=_("child"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    observed_on = models.DateField(_("observed on"))
    description = models.TextField(_("what was observed"))
    # A list of Area values. A JSON list, not a table: the areas are a fixed set and are read
    # with the concern; PostgreSQL can filter them with ``areas__contains``.
    areas = models.JSONField(_("areas"), default=list)
    level = models.ForeignKey(ConcernLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-observed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="concern_closed_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} · {self.child}"

    def area_labels(self) -> list[str]:
        return [str(Area(a).label) for a in self.areas if a in Area.values]


class ConcernStep(models.Model):
    """A guide step done for a concern; code and title copied from the guide at the time."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="steps")
    step_code = models.SlugField(_("step"), max_length=50)
    step_title = models.CharField(_("step title"), max_length=200)
    done_on = models.DateField(_("done on"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("done by")
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("concern step")
        verbose_name_plural = _("concern steps")
        ordering = ["done_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["concern", "step_code"], name="concern_step_once"),
        ]

    def __str__(self) -> str:
        return self.step_title
