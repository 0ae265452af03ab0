"""Reminders: in-app notices of deadlines and of work waiting, each sent once per user and subject.

A reminder holds no child's name or any text about a child: what it is about is a key, a link
(the page checks access when it is opened) and a few facts such as a round's name and a date.
The e-mail that tells a user about new reminders says only how many there are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SCREENING_DUE = "screening_due", _("Screening deadline soon")
    SCREENING_OVERDUE = "screening_overdue", _("Screening deadline passed")
    CONCERN_WAITING = "concern_waiting", _("Concern without a next step")
    ASSESSMENT_DUE = "assessment_due", _("Notification to assess")
    ACKNOWLEDGEMENT_DUE = "acknowledgement_due", _("Notification to acknowledge")
    INVESTIGATION_DUE = "investigation_due", _("Child investigation deadline")
    AGREEMENT_DUE = "agreement_due", _("Agreement due")
    EVALUATION_DUE = "evaluation_due", _("Evaluation due")
    QUESTIONNAIRE_DUE = "questionnaire_due", _("Questionnaire to answer")
    HANDOVER_SHARED = "handover_shared", _("Handover received")
    HANDOVER_APPROVED = "handover_approved", _("Handover approved by the parents")
    HANDOVER_CHANGES = "handover_changes", _("The parents ask for changes to a handover")
    CONSULTATION_BOOKED = "consultation_booked", _("Consultation booked")
    CONSULTATION_CANCELLED = "consultation_cancelled", _("Consultation cancelled")


class Reminder(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # What the reminder is about, e.g. "round:12:due": a user gets each one once.
    key = models.CharField(max_length=100)
    url = models.CharField(max_length=300)
    due = models.DateTimeField(_("due"))
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="reminder_user_read"),
            models.Index(fields=["emailed_at"], condition=Q(emailed_at__isnull=True), name="reminder_not_emailed"),
        ]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="reminder_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.key}"
