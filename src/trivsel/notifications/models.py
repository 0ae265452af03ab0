"""Notifications (underretninger) to the children's authority and how far their handling has come.

Nothing derivable is stored: the legal deadlines come from ``deadlines.py``, the status from the
timestamps below.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trivsel.children.models import Child


class Grounds(models.TextChoices):
    """The grounds of the duty to notify in Barnets Lov § 133."""

    SPECIAL_SUPPORT = "special_support", _("The child may need special support")
    ABUSE = "abuse", _("The child is exposed to abuse or violence")
    SCHOOL_ABSENCE = "school_absence", _("Illegal school absence")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSESSED = "assessed", _("Assessed")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATING = "investigating", _("Investigation started")
    CLOSED = "closed", _("Closed")


class Notification(models.Model):
    # A notification is a record the authority must keep: the child cannot be deleted from under it.
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="notifications", verbose_name=_("child"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="filed_notifications",
        verbose_name=_("filed by"),
    )
    filed_at = models.DateTimeField(_("filed"))
    # The concern the notification was filed from, when it came through the action guide.
    concern = models.ForeignKey(
        "concerns.Concern",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("concern"),
    )
    notifier_is_professional = models.BooleanField(_("notifier is a professional"), default=True)
    grounds = models.CharField(_("grounds"), max_length=20, choices=Grounds.choices)
    description = models.TextField(_("description"), max_length=5000)
    # When the authority received it; the same as filed_at for notifications filed in Trivsel.
    received_at = models.DateTimeField(_("received"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_notifications",
        verbose_name=_("case worker"),
    )
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    acute_measures = models.BooleanField(_("acute measures needed"), null=True, blank=True)
    assessment_note = models.TextField(_("assessment note"), max_length=5000, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    investigation_started_on = models.DateField(_("investigation started"), null=True, blank=True)
    investigation_completed_on = models.DateField(_("investigation completed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["child", "received_at"], name="notification_child_received"),
            models.Index(fields=["filed_by", "received_at"], name="notification_filer_received"),
        ]

    def __str__(self) -> str:
        return f"{self.child} · {self.get_grounds_display()} · {self.received_at:%Y-%m-%d}"

    @property
    def status(self) -> Status:
        """The furthest step reached, from the timestamps."""
        if self.closed_at:
            return Status.CLOSED
        if self.investigation_started_on:
            return Status.INVESTIGATING
        if self.acknowledged_at:
            return Status.ACKNOWLEDGED
        if self.assessed_at:
            return Status.ASSESSED
        return Status.RECEIVED

    def get_status_display(self) -> str:
        return str(self.status.label)
